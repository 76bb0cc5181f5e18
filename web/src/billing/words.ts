import { money } from "../lib/format";
import type { Plan, Subscription } from "./queries";

/** An ISO time as a date people read ("3 Jan 2027"). */
export const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });

/** "9.99 EUR per month". */
export const pricePer = (plan: Pick<Plan, "price" | "currency" | "interval">) =>
  `${money(plan.price, plan.currency)} per ${plan.interval}`;

const featureNames: Record<string, string> = { hd: "HD", premium_titles: "Premium titles" };

/** A plan's entitlements as people say them: "HD", "Premium titles", "2 screens at once". */
export function featuresInWords(plan: Pick<Plan, "features" | "maxStreams">): string[] {
  const named = plan.features.map(
    (feature) => featureNames[feature] ?? feature.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()),
  );
  return [...named, plan.maxStreams === 1 ? "1 screen at a time" : `${plan.maxStreams} screens at once`];
}

/** The subscription's state in words: "Trial until 3 Jan 2027", "Payment failed: we'll retry on …". */
export function statusInWords(subscription: Subscription): string {
  if (subscription.status === "canceled") {
    return subscription.endedAt ? `Ended on ${day(subscription.endedAt)}` : "Canceled";
  }
  if (subscription.status === "unpaid") return "Unpaid: streaming is paused until a payment goes through";
  if (subscription.status === "past_due") {
    return subscription.nextAttemptAt ? `Payment failed: we'll retry on ${day(subscription.nextAttemptAt)}` : "Payment failed";
  }
  if (subscription.cancelAtPeriodEnd) return `Cancels on ${day(subscription.currentPeriodEnd)}`;
  if (subscription.status === "trialing" && subscription.trialEnd) return `Trial until ${day(subscription.trialEnd)}`;
  return "Active";
}
