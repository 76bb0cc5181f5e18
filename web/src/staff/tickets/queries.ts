import { api } from "../../api/client";
import { ApiError, type OkBody, ok } from "../../api/problem";

const PAGE = "25";

export type TicketStatus = "valid" | "refunded";
export const statusLabels: Record<TicketStatus, string> = { valid: "Valid", refunded: "Refunded" };

export interface TicketFilters {
  showtimeId: string;
  /** The holder's email or account id, as typed. */
  holder: string;
  status: TicketStatus | "";
}

const listCall = (filters: Omit<TicketFilters, "holder">, userId: string, cursor?: string) =>
  api.admin.tickets.$get({
    query: {
      limit: PAGE,
      ...(filters.showtimeId ? { showtimeId: filters.showtimeId } : {}),
      ...(userId ? { userId } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(cursor ? { cursor } : {}),
    },
  });
export type AdminTicket = OkBody<Awaited<ReturnType<typeof listCall>>>["items"][number];

/** Query keys: everything under ["admin-tickets"], so a refund elsewhere can refresh every list at once. */
export const ticketKeys = {
  all: ["admin-tickets"] as const,
  list: (filters: TicketFilters) => ["admin-tickets", filters] as const,
};

/** A page of tickets; a holder given by email is looked up first, and no such account is said as a problem. */
export async function listTickets(filters: TicketFilters, cursor?: string) {
  const userId = filters.holder ? await accountIdOf(filters.holder) : "";
  if (userId === null) throw new ApiError(404, `No account has the email ${filters.holder}.`);
  return ok(listCall(filters, userId, cursor));
}

/** Showtimes to pick from: the upcoming ones, soonest first. */
export const upcomingShowtimes = () => ok(api.showtimes.$get({ query: { limit: "100" } }));

/**
 * The account an email names, found through the account search; an id is taken as it is.
 * Answers null when no account has exactly that email.
 */
export async function accountIdOf(emailOrId: string): Promise<string | null> {
  const text = emailOrId.trim();
  if (!text.includes("@")) return text;
  const found = await ok(api.users.$get({ query: { q: text, status: "all", limit: "20" } }));
  return found.items.find((account) => account.email.toLowerCase() === text.toLowerCase())?.id ?? null;
}
