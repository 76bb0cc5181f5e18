import { clock, when } from "../lib/format";

/** A notification as the inbox and the socket carry it. */
export interface NotificationLike {
  kind: string;
  payload: Record<string, unknown>;
}

export interface Described {
  /** One sentence a person reads. */
  text: string;
  /** Where it leads, when somewhere in the app is about it. */
  to?: string;
}

const str = (value: unknown) => (typeof value === "string" && value ? value : undefined);
const list = (value: unknown) => (Array.isArray(value) ? value.map(String).join(", ") : undefined);
const formats: Record<string, string> = { hls: "HLS", mp4: "MP4", mp3: "MP3" };
const target = (value: unknown) => (str(value) ? (formats[String(value)] ?? String(value)) : "another format");
const money = (cents: unknown, currency: unknown) =>
  typeof cents === "number" && str(currency)
    ? new Intl.NumberFormat(undefined, { style: "currency", currency: String(currency) }).format(cents / 100)
    : undefined;

const day = (value: unknown) => new Date(String(value)).toLocaleDateString(undefined, { dateStyle: "medium" });
const count = (value: unknown) => (typeof value === "number" ? Math.abs(value).toLocaleString() : undefined);
const tiers: Record<string, string> = { bronze: "Bronze", silver: "Silver", gold: "Gold" };
const tierName = (value: unknown) => (str(value) ? (tiers[String(value)] ?? String(value)) : undefined);

type Describe = (p: Record<string, unknown>) => Described;

// One entry per kind of workers/notifications/kinds.ts, with the payload its sender puts in.
const kinds: Record<string, { describe: Describe; many: string }> = {
  welcome: { describe: (p) => ({ text: `Welcome to Marquee${str(p.name) ? `, ${p.name}` : ""}!`, to: "/" }), many: "welcomes" },
  new_follower: {
    describe: (p) => ({
      text: `${str(p.name) ?? "Someone"}${str(p.username) ? ` (@${p.username})` : ""} started following you.`,
    }),
    many: "new followers",
  },
  password_changed: {
    describe: () => ({ text: "Your password was changed. If that was not you, change it now.", to: "/account" }),
    many: "password changes",
  },
  session_revoked: {
    describe: () => ({ text: "A device was signed out of your account.", to: "/account" }),
    many: "devices signed out",
  },
  job_progress: {
    describe: (p) => ({
      text: `Converting to ${target(p.target)}: ${typeof p.progress === "number" ? `${p.progress}%` : "under way"}.`,
      to: str(p.mediaId) && `/media/${p.mediaId}`,
    }),
    many: "conversion updates",
  },
  job_done: {
    describe: (p) => ({ text: `Your conversion to ${target(p.target)} is ready.`, to: str(p.mediaId) && `/media/${p.mediaId}` }),
    many: "finished conversions",
  },
  job_failed: {
    describe: (p) => ({
      text: `Converting to ${target(p.target)} failed${str(p.error) ? `: ${p.error}` : "."}`,
      to: str(p.mediaId) && `/media/${p.mediaId}`,
    }),
    many: "failed conversions",
  },
  media_shared: {
    describe: (p) => ({
      text: `“${str(p.title) ?? "A video"}” was shared with you.`,
      to: str(p.mediaId) && `/media/${p.mediaId}`,
    }),
    many: "videos shared with you",
  },
  comment_reply: {
    describe: (p) => ({
      text: `${str(p.byUsername) ? `@${p.byUsername}` : "Someone"} replied to your comment${str(p.excerpt) ? `: “${p.excerpt}”` : "."}`,
      to:
        (p.targetType === "movie" || p.targetType === "series") && str(p.targetId)
          ? `/${p.targetType === "movie" ? "movies" : "series"}/${p.targetId}`
          : undefined,
    }),
    many: "replies to your comments",
  },
  order_confirmed: {
    describe: (p) => ({
      text: `Your tickets${str(p.movieTitle) ? ` for ${p.movieTitle}` : ""} are confirmed${
        str(p.startsAt) ? ` (${when(String(p.startsAt))})` : ""
      }${list(p.seats) ? `: seats ${list(p.seats)}` : ""}.`,
    }),
    many: "confirmed orders",
  },
  order_refunded: {
    describe: (p) => ({
      text: `Your order was refunded${money(p.amount, p.currency) ? `: ${money(p.amount, p.currency)}` : ""}.`,
    }),
    many: "refunds",
  },
  hold_expiring: {
    describe: (p) => {
      const left = str(p.expiresAt) ? (Date.parse(String(p.expiresAt)) - Date.now()) / 1000 : Number.NaN;
      return {
        text: `Your held seats${list(p.seats) ? ` ${list(p.seats)}` : ""} are released ${
          left > 0 ? `in ${clock(left)}` : "soon"
        } unless you pay.`,
      };
    },
    many: "holds about to expire",
  },
  showtime_cancelled: {
    describe: (p) => ({
      text: `A showtime you booked was cancelled; your order was refunded${
        money(p.amount, p.currency) ? ` (${money(p.amount, p.currency)})` : ""
      }.`,
    }),
    many: "cancelled showtimes",
  },
  subscription_started: {
    describe: (p) => ({
      text: `Your ${str(p.planName) ?? "Marquee"} subscription has started${
        str(p.trialEnd) ? `: the free trial runs until ${day(p.trialEnd)}` : ""
      }.`,
      to: "/account/billing",
    }),
    many: "subscriptions started",
  },
  subscription_renewed: {
    describe: (p) => ({
      text: `Your ${str(p.planName) ?? "Marquee"} subscription renewed${
        money(p.amount, p.currency) ? ` for ${money(p.amount, p.currency)}` : ""
      }${str(p.periodEnd) ? `, until ${day(p.periodEnd)}` : ""}.`,
      to: "/account/billing",
    }),
    many: "renewals",
  },
  subscription_payment_failed: {
    describe: (p) => ({
      text: `We could not charge your card for ${str(p.planName) ?? "your subscription"}${
        p.reason === "card_expired" ? " because the card has expired" : ""
      }${str(p.nextAttemptAt) ? `; we try again on ${day(p.nextAttemptAt)}` : ""}. Update your card to keep watching.`,
      to: "/account/billing",
    }),
    many: "failed subscription payments",
  },
  subscription_unpaid: {
    describe: (p) => ({
      text: `Your ${str(p.planName) ?? "Marquee"} subscription is unpaid and streaming has stopped. Update your card to start again.`,
      to: "/account/billing",
    }),
    many: "unpaid subscriptions",
  },
  subscription_canceled: {
    describe: (p) => {
      const at = str(p.endsAt) ?? str(p.endedAt);
      const ends = at ? (Date.parse(at) > Date.now() ? `ends on ${day(at)}` : `ended on ${day(at)}`) : "was canceled";
      return { text: `Your ${str(p.planName) ?? "Marquee"} subscription ${ends}.`, to: "/account/billing" };
    },
    many: "canceled subscriptions",
  },
  points_earned: {
    describe: (p) => ({
      text: `You earned ${count(p.points) ?? "new"} points${count(p.balance) ? `; your balance is ${count(p.balance)}` : ""}.`,
      to: "/loyalty",
    }),
    many: "points earned",
  },
  tier_changed: {
    describe: (p) => ({
      text: `You are now a ${str(p.tierName) ?? tierName(p.tier) ?? "new tier"} member${
        tierName(p.previousTier ?? p.from) ? ` (was ${tierName(p.previousTier ?? p.from)})` : ""
      }.`,
      to: "/loyalty",
    }),
    many: "tier changes",
  },
  reward_redeemed: {
    describe: (p) => ({
      text: `You redeemed ${str(p.rewardName) ?? "a reward"}${count(p.points) ? ` for ${count(p.points)} points` : ""}${
        str(p.voucherCode) ? `: your code is ${p.voucherCode}` : ""
      }.`,
      to: "/loyalty",
    }),
    many: "rewards redeemed",
  },
};

/** The sentence (and link) for a notification; a digest says how many of a kind were folded into it. */
export function describeNotification(notification: NotificationLike): Described {
  const kind = kinds[notification.kind];
  const { payload } = notification;
  if (payload.digest === true) {
    const count = typeof payload.count === "number" ? payload.count : 0;
    return { text: `${count} more ${kind?.many ?? "notifications"} while you were busy.` };
  }
  if (!kind) return { text: "Something happened on your account." };
  const described = kind.describe(payload);
  return described.to ? described : { text: described.text };
}
