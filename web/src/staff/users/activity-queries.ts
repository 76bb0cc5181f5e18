import { api } from "../../api/client";
import { type OkBody, ok } from "../../api/problem";

const PAGE = "20";
const page = (cursor?: string) => ({ limit: PAGE, ...(cursor ? { cursor } : {}) });

const ticketsCall = (id: string, cursor?: string) => api.admin.users[":id"].tickets.$get({ param: { id }, query: page(cursor) });
const paymentsCall = (id: string, cursor?: string) =>
  api.admin.users[":id"].payments.$get({ param: { id }, query: page(cursor) });
const reviewsCall = (id: string, cursor?: string) => api.admin.users[":id"].reviews.$get({ param: { id }, query: page(cursor) });

export type UserTicket = OkBody<Awaited<ReturnType<typeof ticketsCall>>>["items"][number];
export type UserPayment = OkBody<Awaited<ReturnType<typeof paymentsCall>>>["items"][number];
export type UserReview = OkBody<Awaited<ReturnType<typeof reviewsCall>>>["items"][number];

/** Under the account's own key, so whatever refreshes the account refreshes these too. */
export const activityKeys = {
  tickets: (id: string) => ["users", id, "tickets"] as const,
  payments: (id: string) => ["users", id, "payments"] as const,
  reviews: (id: string) => ["users", id, "reviews"] as const,
};

export const userTickets = (id: string, cursor?: string) => ok(ticketsCall(id, cursor));
export const userPayments = (id: string, cursor?: string) => ok(paymentsCall(id, cursor));
export const userReviews = (id: string, cursor?: string) => ok(reviewsCall(id, cursor));

/** Refunds what is left of a standalone payment; a second refund is refused (409), never paid twice. */
export const refundPayment = (id: string, reason: string) =>
  ok(api.admin.payments[":id"].refund.$post({ param: { id }, json: { reason } }));
