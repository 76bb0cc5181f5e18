import { api } from "../api/client";
import { ApiError, type OkBody, ok } from "../api/problem";
import { boxOfficeKeys, fetchHold, fetchSeats, fetchShowtime } from "../box-office/queries";

export type Hold = OkBody<Awaited<ReturnType<(typeof api.holds)[":id"]["$get"]>>>;
export type Order = OkBody<Awaited<ReturnType<(typeof api.orders)[":id"]["$get"]>>>;
export type Ticket = OkBody<Awaited<ReturnType<typeof api.me.tickets.$get>>>["items"][number];
export type Showtime = OkBody<Awaited<ReturnType<(typeof api.showtimes)[":id"]["$get"]>>>;
export type SavedCard = OkBody<Awaited<ReturnType<(typeof api.me)["payment-methods"]["$get"]>>>["items"][number];
export type NewOrder = Parameters<typeof api.orders.$post>[0]["json"];

/** One query key per resource; mutations invalidate the keys they change. The hold and showtime are the seat picker's own. */
export const keys = {
  hold: boxOfficeKeys.hold,
  showtime: boxOfficeKeys.showtime,
  seats: boxOfficeKeys.seats,
  order: (id: string) => ["orders", id] as const,
  myOrders: ["me", "orders"] as const,
  myTickets: ["me", "tickets"] as const,
  myPayments: ["me", "payments"] as const,
  paymentMethods: ["me", "payment-methods"] as const,
  testCards: ["payments", "test-cards"] as const,
  qr: (code: string) => ["tickets", code, "qr"] as const,
};

export { fetchHold, fetchSeats, fetchShowtime };
export const fetchOrder = (id: string) => ok(api.orders[":id"].$get({ param: { id } }));
export const fetchPaymentMethods = () => ok(api.me["payment-methods"].$get());

/** Every ticket of the person, following the cursor (a person holds a handful, not thousands). */
export async function fetchAllTickets(): Promise<Ticket[]> {
  const all: Ticket[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(api.me.tickets.$get({ query: { limit: "100", ...(cursor ? { cursor } : {}) } }));
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The person's paid order for these seats of this showtime, if one exists (found after a reload mid-payment). */
export async function findPaidOrder(hold: Hold): Promise<Order | undefined> {
  const page = await ok(api.me.orders.$get({ query: { limit: "20" } }));
  const wanted = [...hold.seats].sort().join(",");
  return page.items.find(
    (order) =>
      order.showtimeId === hold.showtimeId &&
      order.status === "paid" &&
      order.seats
        .map((s) => s.label)
        .sort()
        .join(",") === wanted,
  );
}

const UNREACHABLE = "Marquee cannot be reached. Check your connection and try again.";

/**
 * Awaits a typed call whose success is not JSON (an SVG, a calendar): its text, or the API's
 * problem as an ApiError, the same as `ok()` gives for JSON answers.
 */
export async function okText(call: Promise<{ ok: boolean; status: number; text(): Promise<string>; json(): Promise<unknown> }>) {
  let res: Awaited<typeof call>;
  try {
    res = await call;
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  if (!res.ok) await ok(Promise.resolve(res)); // throws the problem+json detail
  return res.text();
}

/** True when the API could not be reached at all (offline, DNS, a dropped connection). */
export const isUnreachable = (error: unknown) => error instanceof ApiError && error.status === 0;
