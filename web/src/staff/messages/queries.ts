import { api } from "../../api/client";
import { ok } from "../../api/problem";

export type Audience =
  | { userId: string }
  | { role: "user" | "moderator" | "manager" | "admin" }
  | { planId: string }
  | { showtimeId: string };

export interface Message {
  audience: Audience;
  subject: string;
  body: string;
}

/** Sends the message, or with `dryRun` only counts who would get it (nothing is queued). */
export const sendEmail = (message: Message, dryRun: boolean) =>
  ok(api.admin.messages.email.$post({ json: { ...message, dryRun } }));

export const findAccounts = (q: string) => ok(api.users.$get({ query: { q, limit: "8" } }));
export const activePlans = () => ok(api.plans.$get({ query: {} }));
export const upcomingShowtimes = () => ok(api.showtimes.$get({ query: { limit: "100" } }));
