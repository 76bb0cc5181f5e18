import { describe, expect, it } from "vitest";
import { CardInput, cardBrand, cardDigits, isExpired, luhnValid } from "./cards";

describe("card numbers", () => {
  it("normalises spaces and dashes to digits", () => {
    expect(cardDigits(" 4242 4242-4242 4242 ")).toBe("4242424242424242");
  });

  it("checks the Luhn digit", () => {
    for (const valid of ["4242424242424242", "4000000000000002", "4000000000009995", "378282246310005", "6011111111111117"]) {
      expect(luhnValid(valid), valid).toBe(true);
    }
    expect(luhnValid("4242424242424241")).toBe(false);
    expect(luhnValid("4242x24242424242")).toBe(false);
    expect(luhnValid("")).toBe(false);
  });

  it("detects brands by prefix", () => {
    expect(cardBrand("4242424242424242")).toBe("visa");
    expect(cardBrand("5105105105105100")).toBe("mastercard");
    expect(cardBrand("5555555555554444")).toBe("mastercard");
    expect(cardBrand("2221000000000009")).toBe("mastercard");
    expect(cardBrand("2720990000000007")).toBe("mastercard");
    expect(cardBrand("2721000000000000")).toBe("unknown");
    expect(cardBrand("5600000000000000")).toBe("unknown");
    expect(cardBrand("340000000000009")).toBe("amex");
    expect(cardBrand("378282246310005")).toBe("amex");
    expect(cardBrand("6011111111111117")).toBe("discover");
    expect(cardBrand("6500000000000002")).toBe("discover");
    expect(cardBrand("3530111333300000")).toBe("unknown");
  });
});

describe("expiry", () => {
  const march2030 = new Date("2030-03-31T23:59:59Z");

  it("keeps a card valid through its expiry month", () => {
    expect(isExpired(3, 2030, march2030)).toBe(false);
    expect(isExpired(4, 2030, march2030)).toBe(false);
    expect(isExpired(1, 2031, march2030)).toBe(false);
    expect(isExpired(2, 2030, march2030)).toBe(true);
    expect(isExpired(12, 2029, march2030)).toBe(true);
    expect(isExpired(3, 2030, new Date("2030-04-01T00:00:00Z"))).toBe(true);
  });
});

describe("CardInput", () => {
  const now = new Date();
  const thisMonth = { expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() };
  const card = { number: "4242 4242 4242 4242", cvc: "123", ...thisMonth };
  const paths = (input: unknown) => CardInput.safeParse(input).error?.issues.map((i) => i.path.join("."));

  it("accepts a card expiring this month and keeps only its digits", () => {
    expect(CardInput.parse(card)).toEqual({ ...card, number: "4242424242424242" });
  });

  it("points each problem at its field", () => {
    expect(paths({ ...card, number: "4242 4242 4242 4241" })).toEqual(["number"]);
    expect(paths({ ...card, number: "4242-abcd" })).toEqual(["number"]);
    expect(paths({ ...card, expYear: thisMonth.expYear - 1 })).toEqual(["expYear"]);
    expect(paths({ ...card, expMonth: 13 })).toEqual(["expMonth"]);
    expect(paths({ ...card, expYear: 30 })).toContain("expYear");
    expect(paths({ ...card, cvc: "12" })).toEqual(["cvc"]);
  });

  it("calls a past month of this year expired on expMonth", () => {
    if (thisMonth.expMonth === 1) return; // no earlier month this year
    expect(paths({ ...card, expMonth: thisMonth.expMonth - 1 })).toEqual(["expMonth"]);
  });
});
