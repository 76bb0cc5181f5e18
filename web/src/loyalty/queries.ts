import { api } from "../api/client";
import { type OkBody, ok } from "../api/problem";

export type Loyalty = OkBody<Awaited<ReturnType<typeof api.me.loyalty.$get>>>;
export type LedgerEntry = OkBody<Awaited<ReturnType<typeof api.me.loyalty.ledger.$get>>>["items"][number];
export type Reward = OkBody<Awaited<ReturnType<typeof api.rewards.$get>>>["items"][number];
export type Redemption = OkBody<Awaited<ReturnType<typeof api.me.rewards.$get>>>["items"][number];

/** Query keys: redeeming changes the balance, the ledger, the stock and the vouchers, all under ["loyalty"] or ["rewards"]. */
export const loyaltyKeys = {
  all: ["loyalty"] as const,
  me: ["loyalty", "me"] as const,
  ledger: ["loyalty", "ledger"] as const,
  vouchers: ["loyalty", "vouchers"] as const,
  rewards: ["rewards"] as const,
};

const PAGE = "20";

export const fetchLoyalty = () => ok(api.me.loyalty.$get());
export const joinLoyalty = () => ok(api.me.loyalty.$post());
export const fetchLedger = (cursor?: string) =>
  ok(api.me.loyalty.ledger.$get({ query: { limit: PAGE, ...(cursor ? { cursor } : {}) } }));
export const fetchRewards = () => ok(api.rewards.$get({ query: {} }));
export const fetchVouchers = (cursor?: string) =>
  ok(api.me.rewards.$get({ query: { limit: PAGE, ...(cursor ? { cursor } : {}) } }));
export const redeemReward = (id: string, key: string) =>
  ok(api.rewards[":id"].redeem.$post({ param: { id }, header: { "idempotency-key": key } }));

export const tierNames: Record<string, string> = { bronze: "Bronze", silver: "Silver", gold: "Gold" };
export const tierName = (tier: string) => tierNames[tier] ?? tier;

/** The ledger's kinds in words. */
export const entryKinds: Record<string, string> = {
  earn: "Earned",
  redeem: "Redeemed",
  expire: "Expired",
  adjust: "Adjusted",
  clawback: "Refunded purchase",
};

export const rewardKinds: Record<string, string> = {
  free_ticket: "Free ticket",
  snack_voucher: "Snack voucher",
  discount_code: "Discount code",
};

/** 1240 → "1,240": points as the person's locale groups them. */
export const points = (n: number) => n.toLocaleString();

/** +120 / −40: a ledger entry's points with their sign (a real minus sign, read as "minus"). */
export const signedPoints = (n: number) => (n > 0 ? `+${points(n)}` : n < 0 ? `−${points(-n)}` : "0");
