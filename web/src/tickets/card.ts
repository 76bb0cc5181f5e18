/** The digits of a card number as people type it, with spaces or dashes between groups. */
export const cardDigits = (typed: string) => typed.replace(/[\s-]/g, "");

/** The Luhn check every card number passes (the API checks it too; this says so while typing). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** What is wrong with a typed card number so far, or undefined (also while it is still too short to judge). */
export function cardNumberProblem(typed: string, final = false): string | undefined {
  const digits = cardDigits(typed);
  if (digits === "") return final ? "Enter the card number" : undefined;
  if (!/^\d+$/.test(digits)) return "Use digits only (spaces are fine)";
  if (digits.length > 19) return "A card number has at most 19 digits";
  if (digits.length < 12) return final ? "A card number has 12 to 19 digits" : undefined;
  if (!luhnValid(digits)) return digits.length >= 16 || final ? "This card number is not valid; check the digits" : undefined;
  return undefined;
}

/** "12/29" or "12 / 2029" → month and four-digit year; undefined when it is not a date. */
export function parseExpiry(typed: string): { expMonth: number; expYear: number } | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(typed);
  if (!match) return undefined;
  const expMonth = Number(match[1]);
  const expYear = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (expMonth < 1 || expMonth > 12) return undefined;
  return { expMonth, expYear };
}

export function expiryProblem(typed: string, now = new Date()): string | undefined {
  if (typed.trim() === "") return "Enter the expiry date";
  const expiry = parseExpiry(typed);
  if (!expiry) return "Write the expiry as MM/YY, like 12/29";
  const year = now.getUTCFullYear();
  if (expiry.expYear < year || (expiry.expYear === year && expiry.expMonth < now.getUTCMonth() + 1)) {
    return "This card has expired";
  }
  return undefined;
}

export const cvcProblem = (typed: string) => (/^\d{3,4}$/.test(typed.trim()) ? undefined : "Enter the 3 or 4 digit code");

const brandNames: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  unknown: "Card",
};

/** "Visa ending 4242, expires 12/29". */
export const savedCardName = (card: { brand: string; last4: string; expMonth: number; expYear: number }) =>
  `${brandNames[card.brand] ?? "Card"} ending ${card.last4}, expires ${String(card.expMonth).padStart(2, "0")}/${String(card.expYear % 100).padStart(2, "0")}`;
