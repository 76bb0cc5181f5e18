import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type Buyer, buyByApi, holdByApi, newBuyer, newShowtime, signInAs, typeNewCard } from "./box-office";
import { adminToken, expectAccessible, stackApi } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

async function loyaltyOf(buyer: Buyer) {
  const res = await stackApi(buyer.token).me.loyalty.$get();
  if (res.status !== 200) throw new Error(`GET /me/loyalty answered ${res.status}`);
  return res.json();
}

/** A row of the points history by its words: "Earned", "+250"… */
const ledgerRow = (page: Page, ...texts: string[]) => {
  let row = page.getByRole("region", { name: "Points history" }).getByRole("row");
  for (const text of texts) row = row.filter({ hasText: text });
  return row;
};

const totalOf = async (page: Page) => (await page.locator(".checkout-total strong").textContent())?.trim();

let made = 0;
const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${(made++).toString(36)}`;

describe("the loyalty page", () => {
  it("tickets earn points (Earned in the history); Gold takes 10 % off at checkout; a free-ticket reward's voucher pays for a seat", {
    timeout: 240_000,
  }, async () => {
    const buyer = await newBuyer("loyal");
    const first = await newShowtime();
    await buyByApi(buyer, first.id, ["E7", "E8"]); // 2 × 12.50 = 25.00 → 250 points

    const { context, page, errors } = await signInAs(buyer, "/loyalty");
    await page.getByRole("heading", { level: 1, name: "Loyalty" }).waitFor(soon);
    await page.getByRole("heading", { level: 2, name: "Bronze member" }).waitFor(soon);
    await page.getByText("250 points to spend").waitFor(soon);
    const progress = page.getByRole("progressbar", { name: "250 of 1,000 points to Silver" });
    await progress.waitFor(soon);
    expect(await progress.getAttribute("value")).toBe("250");
    expect(await progress.getAttribute("max")).toBe("1000");
    await ledgerRow(page, "Earned", "+250").waitFor(soon);

    // 500.00 more: 5,250 points earned in 12 months is Gold. An admin's gift adds to the balance.
    const dear = await newShowtime({ price: 50_000 });
    await buyByApi(buyer, dear.id, ["B5"]);
    const gift = await stackApi(await adminToken()).users[":id"].loyalty.adjustments.$post({
      param: { id: buyer.id },
      json: { points: 1000, reason: "Sorry about the broken projector" },
    });
    expect(gift.status).toBe(201);
    expect(await loyaltyOf(buyer)).toMatchObject({ member: true, tier: "gold", balance: 6250, nextTier: null });

    await page.reload();
    await page.getByRole("heading", { level: 2, name: "Gold member" }).waitFor(soon);
    await page.getByText("6,250 points to spend").waitFor(soon);
    await page.getByText("10 % off every ticket order").waitFor(soon);
    await ledgerRow(page, "Adjusted", "+1,000", "Sorry about the broken projector").waitFor(soon);
    await ledgerRow(page, "Earned", "+5,000").waitFor(soon);

    // A free-ticket reward of the test's own, redeemed behind a confirmation: a voucher code once.
    const rewardName = unique("Free seat");
    const reward = await stackApi(await adminToken()).rewards.$post({
      json: { name: rewardName, description: "Any seat, any showing", kind: "free_ticket", cost: 1000, stock: 3 },
    });
    expect(reward.status).toBe(201);
    await page.reload();
    const offer = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: rewardName }) });
    await offer.getByText("3 left").waitFor(soon);
    await offer.getByRole("button", { name: "Redeem" }).click();
    await offer.getByText(`Spend 1,000 of your 6,250 points on ${rewardName}?`).waitFor(soon);
    const redeemed = page.waitForResponse((res) => res.request().method() === "POST" && /\/redeem$/.test(res.url()));
    await offer.getByRole("button", { name: "Spend 1,000 points" }).click();
    const answer = await redeemed;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    const code = ((await answer.json()) as { voucherCode: string }).voucherCode;
    await page
      .getByRole("status")
      .filter({ hasText: `your voucher code is ${code}` })
      .waitFor(soon);
    await page.getByText("5,250 points to spend").waitFor(soon);
    await offer.getByText("2 left").waitFor(soon);
    await page.getByRole("region", { name: "My vouchers" }).getByText(code).waitFor(soon);
    await ledgerRow(page, "Redeemed", "−1,000").waitFor(soon);

    // Checkout as Gold: 10 % off the two seats (12.50 + 10.00).
    const show = await newShowtime();
    const hold = await holdByApi(buyer, show.id, ["E7", "B5"]);
    await page.goto(`/checkout/${hold.id}`);
    await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor(soon);
    const discounts = page.getByRole("list", { name: "Discounts" });
    await discounts.getByText(/10 %/).waitFor(soon);
    await discounts.getByText("−2.25").waitFor(soon);
    expect(await totalOf(page)).toBe("20.25");
    await page.getByRole("button", { name: "Pay 20.25" }).waitFor(soon);

    // An unknown code: the API's detail beside the field; the total stays.
    await page.getByLabel("Voucher code").fill("NOT-A-CODE");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".voucher-form .field-error").waitFor(soon);
    expect(await page.getByLabel("Voucher code").getAttribute("aria-invalid")).toBe("true");
    expect(await totalOf(page)).toBe("20.25");

    // The free-ticket voucher pays for the dearest seat (12.50); what the page shows is the API's quote.
    await page.getByLabel("Voucher code").fill(code);
    await page.getByRole("button", { name: "Apply" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Voucher ${code} applied.` })
      .waitFor(soon);
    const quoted = await stackApi(buyer.token).holds[":id"].quote.$get({ param: { id: hold.id }, query: { voucherCode: code } });
    if (quoted.status !== 200) throw new Error(`the quote answered ${quoted.status}`);
    const quote = await quoted.json();
    // The voucher first (the dearest seat, 12.50), then Gold's 10 % of what is left (1.00).
    expect(quote).toMatchObject({ subtotal: 2250, discount: 1350, total: 900 });
    expect(quote.discounts).toEqual([
      { label: rewardName, amount: 1250 },
      { label: "Gold member 10 % off", amount: 100 },
    ]);
    await discounts.getByText(rewardName).waitFor(soon);
    await discounts.getByText("−12.50").waitFor(soon);
    await discounts.getByText("−1.00").waitFor(soon);
    expect(await totalOf(page)).toBe("9.00");

    await typeNewCard(page, "4242 4242 4242 4242", "Loyal Buyer");
    await page.getByRole("button", { name: "Pay 9.00" }).click();
    await page.waitForURL(/\/orders\/[^/]+$/, soon);
    const paid = page.getByRole("definition").filter({ hasText: code });
    await paid.waitFor(soon);
    await page.getByRole("term").filter({ hasText: "Discounts" }).waitFor(soon);

    // The voucher is used now.
    await page.goto("/loyalty");
    await page
      .getByRole("region", { name: "My vouchers" })
      .getByText(/^Used /)
      .waitFor(soon);

    errors.expectNone([/status of 40[49]/]);
    await context.close();
  });

  it("someone new joins from the page; rewards they cannot afford say why; the page passes axe at 360 px", {
    timeout: 120_000,
  }, async () => {
    const buyer = await newBuyer("joiner");
    const rewardName = unique("Big popcorn");
    const reward = await stackApi(await adminToken()).rewards.$post({
      json: { name: rewardName, description: "A large popcorn", kind: "snack_voucher", cost: 400, stock: null },
    });
    expect(reward.status).toBe(201);
    const { context, page, errors } = await signInAs(buyer, "/loyalty", { width: 360, height: 800 });
    await page.getByRole("heading", { level: 2, name: "Join Marquee Rewards" }).waitFor(soon);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Join for free" }).click();
    await page.getByRole("heading", { level: 2, name: "Bronze member" }).waitFor(soon);
    await page.getByRole("progressbar", { name: "0 of 1,000 points to Silver" }).waitFor(soon);
    await page.getByText("No points yet.").waitFor(soon);
    const offer = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: rewardName }) });
    expect(await offer.getByRole("button", { name: "Redeem" }).isDisabled()).toBe(true);
    await offer.getByText("You need 400 more points").waitFor(soon);
    expect((await loyaltyOf(buyer)).member).toBe(true);
    await expectAccessible(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    errors.expectNone();
    await context.close();
  });
});
