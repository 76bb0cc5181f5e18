import { renderSVG } from "uqr";
import { escapeHtml } from "../../lib/html";
import type { NotificationKind } from "../kinds";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Recipient {
  name: string;
}

type Payload = Record<string, unknown>;

// Payloads come from other modules; a template shows what it finds and never fails on a gap.
const str = (value: unknown, fallback = "") =>
  typeof value === "string" || typeof value === "number" ? String(value) : fallback;

function layout(title: string, bodyHtml: string): string {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:560px;margin:auto;color:#111">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>
${bodyHtml}
<p style="color:#666;font-size:12px">Marquee · You can choose which emails you get under Settings → Notifications.</p>
</body></html>`;
}

function money(payload: Payload, key: string): string {
  const amount = payload[key];
  const currency = str(payload.currency, "USD");
  // Amounts travel in minor units (cents), as the payments module stores them.
  return typeof amount === "number" ? `${(amount / 100).toFixed(2)} ${currency}` : "";
}

/** An ISO instant as a day people read ("3 Jan 2027", UTC); empty when absent or not a date. */
function dateOf(value: unknown): string {
  if (typeof value !== "string") return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

interface TicketInfo {
  code: string;
  seat: string;
}

/**
 * One code per ticket (`tickets: [{code, seat}]`) when the order carries them; otherwise one code
 * for the whole order, which the door can look up, with the seats listed beside it.
 */
function tickets(payload: Payload): TicketInfo[] {
  const list = Array.isArray(payload.tickets) ? payload.tickets : [];
  const perTicket = list
    .map((t) => (t && typeof t === "object" ? (t as Payload) : {}))
    .filter((t) => typeof t.code === "string")
    .map((t) => ({ code: str(t.code), seat: str(t.seat ?? t.seatLabel) }));
  if (perTicket.length > 0 || typeof payload.orderId !== "string") return perTicket;
  const seats = Array.isArray(payload.seats) ? payload.seats.map((seat) => str(seat)).filter(Boolean) : [];
  return [{ code: payload.orderId, seat: seats.join(", ") }];
}

const templates: Partial<Record<NotificationKind, (to: Recipient, payload: Payload) => RenderedEmail>> = {
  welcome: (to) => ({
    subject: "Welcome to Marquee",
    text: `Hi ${to.name},\n\nWelcome to Marquee: stream the catalog, upload and convert your own media, and book cinema tickets.\n`,
    html: layout(
      "Welcome to Marquee",
      `<p>Hi ${escapeHtml(to.name)},</p><p>Stream the catalog, upload and convert your own media, and book cinema tickets.</p>`,
    ),
  }),
  password_changed: (to) => ({
    subject: "Your Marquee password was changed",
    text: `Hi ${to.name},\n\nYour password was just changed and your other devices were signed out. If this was not you, reset your password now.\n`,
    html: layout(
      "Your password was changed",
      `<p>Hi ${escapeHtml(to.name)},</p><p>Your password was just changed and your other devices were signed out. <strong>If this was not you, reset your password now.</strong></p>`,
    ),
  }),
  order_confirmed: (to, payload) => {
    const title = str(payload.title ?? payload.movieTitle, "your showtime");
    const when = str(payload.startsAt);
    const place = str(payload.theaterName ?? payload.theater);
    const list = tickets(payload);
    const lines = list.map((t) => `  ${t.seat ? `Seat ${t.seat}: ` : ""}${t.code}`).join("\n");
    const qr = list
      .map(
        (t) =>
          `<div style="display:inline-block;margin:8px;text-align:center"><div style="width:160px">${renderSVG(t.code, { border: 2 })}</div><div>${escapeHtml(t.seat ? `Seat ${t.seat}` : "")}</div><code>${escapeHtml(t.code)}</code></div>`,
      )
      .join("");
    const total = money(payload, "total") || money(payload, "amount");
    return {
      subject: `Your tickets for ${title}`,
      text: `Hi ${to.name},\n\nYour order ${str(payload.orderId)} is confirmed: ${title}${when ? ` at ${when}` : ""}${place ? `, ${place}` : ""}.\n${total ? `Total: ${total}\n` : ""}\nTickets (show the code at the door):\n${lines}\n`,
      html: layout(
        `Your tickets for ${title}`,
        `<p>Hi ${escapeHtml(to.name)},</p><p>Order <code>${escapeHtml(str(payload.orderId))}</code> is confirmed${when ? ` for ${escapeHtml(when)}` : ""}${place ? ` at ${escapeHtml(place)}` : ""}.${total ? ` Total: ${escapeHtml(total)}.` : ""}</p><p>Show these codes at the door:</p>${qr}`,
      ),
    };
  },
  order_refunded: (to, payload) => {
    const amount = money(payload, "amount") || money(payload, "total");
    return {
      subject: "Your Marquee refund",
      text: `Hi ${to.name},\n\nOrder ${str(payload.orderId)} was refunded${amount ? `: ${amount}` : ""}. It can take a few days to show on your statement.\n`,
      html: layout(
        "Your refund",
        `<p>Hi ${escapeHtml(to.name)},</p><p>Order <code>${escapeHtml(str(payload.orderId))}</code> was refunded${amount ? `: <strong>${escapeHtml(amount)}</strong>` : ""}. It can take a few days to show on your statement.</p>`,
      ),
    };
  },
  subscription_started: (to, payload) => {
    const plan = str(payload.planName, "your plan");
    const trialEnd = dateOf(payload.trialEnd);
    const amount = money(payload, "amount");
    const detail = trialEnd
      ? `Your free trial runs until ${trialEnd}; the first charge is then.`
      : `${amount ? `We charged ${amount}. ` : ""}${dateOf(payload.periodEnd) ? `It renews on ${dateOf(payload.periodEnd)}.` : ""}`;
    return {
      subject: `Welcome to ${plan}`,
      text: `Hi ${to.name},\n\nYour ${plan} subscription has started. ${detail}\nManage it under Account → Billing.\n`,
      html: layout(
        `Welcome to ${plan}`,
        `<p>Hi ${escapeHtml(to.name)},</p><p>Your <strong>${escapeHtml(plan)}</strong> subscription has started. ${escapeHtml(detail)}</p><p>Manage it under Account → Billing.</p>`,
      ),
    };
  },
  subscription_renewed: (to, payload) => {
    const plan = str(payload.planName, "your plan");
    const amount = money(payload, "amount");
    const until = dateOf(payload.periodEnd);
    const detail = `Your ${plan} subscription renewed${amount ? ` for ${amount}` : ""}${until ? `, until ${until}` : ""}.`;
    return {
      subject: `Your ${plan} subscription renewed`,
      text: `Hi ${to.name},\n\n${detail} Your invoice is under Account → Billing.\n`,
      html: layout(
        "Subscription renewed",
        `<p>Hi ${escapeHtml(to.name)},</p><p>${escapeHtml(detail)} Your invoice is under Account → Billing.</p>`,
      ),
    };
  },
  subscription_payment_failed: (to, payload) => {
    const plan = str(payload.planName, "your plan");
    const amount = money(payload, "amount");
    const retry = dateOf(payload.nextAttemptAt);
    const detail = `We could not charge your card${amount ? ` ${amount}` : ""} for ${plan}.${retry ? ` We will try again on ${retry}.` : ""} Update your card under Account → Billing to pay now and keep watching.`;
    return {
      subject: `Payment failed for your ${plan} subscription`,
      text: `Hi ${to.name},\n\n${detail}\n`,
      html: layout("Your payment failed", `<p>Hi ${escapeHtml(to.name)},</p><p>${escapeHtml(detail)}</p>`),
    };
  },
  subscription_unpaid: (to, payload) => {
    const plan = str(payload.planName, "your plan");
    const detail = `We tried several times and could not charge your card for ${plan}, so streaming is paused. Update your card under Account → Billing and we will charge it at once and restore your subscription.`;
    return {
      subject: `Your ${plan} subscription is paused`,
      text: `Hi ${to.name},\n\n${detail}\n`,
      html: layout("Your subscription is paused", `<p>Hi ${escapeHtml(to.name)},</p><p>${escapeHtml(detail)}</p>`),
    };
  },
  job_done: (to, payload) => {
    const title = str(payload.title ?? payload.filename, "Your media");
    const format = str(payload.format ?? payload.target);
    return {
      subject: `${title} is ready`,
      text: `Hi ${to.name},\n\n${title} finished converting${format ? ` to ${format}` : ""} and is ready to play.\n`,
      html: layout(
        `${title} is ready`,
        `<p>Hi ${escapeHtml(to.name)},</p><p><strong>${escapeHtml(title)}</strong> finished converting${format ? ` to ${escapeHtml(format)}` : ""} and is ready to play.</p>`,
      ),
    };
  },
  // Written by an admin (POST /admin/messages/email): plain text, escaped, one paragraph per blank line.
  announcement: (to, payload) => {
    const subject = str(payload.subject, "News from Marquee");
    const body = str(payload.body);
    const paragraphs = body
      .split(/\n\s*\n/)
      .map((p) => `<p>${escapeHtml(p.trim()).replaceAll("\n", "<br>")}</p>`)
      .join("");
    return {
      subject,
      text: `Hi ${to.name},\n\n${body}\n`,
      html: layout(subject, `<p>Hi ${escapeHtml(to.name)},</p>${paragraphs}`),
    };
  },
};

export const emailKinds = Object.keys(templates) as NotificationKind[];

export const hasEmailTemplate = (kind: NotificationKind) => kind in templates;

export function renderEmail(kind: NotificationKind, to: Recipient, payload: Payload): RenderedEmail | null {
  return templates[kind]?.(to, payload) ?? null;
}
