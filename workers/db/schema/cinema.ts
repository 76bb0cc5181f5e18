import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { movies } from "./catalog";
import { users } from "./users";

export const seatKinds = ["standard", "premium", "wheelchair", "companion"] as const;
export type SeatKind = (typeof seatKinds)[number];

/** A seat map as rows of cells, front row (nearest the screen) first; see workers/cinema/seat-map.ts. */
export interface TheaterLayout {
  rows: string[];
}

export const theaters = sqliteTable("theaters", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  layout: text("layout", { mode: "json" }).$type<TheaterLayout>().notNull(),
  seatCount: integer("seat_count").notNull(),
  createdAt: text("created_at").notNull(),
  // Deleting a theater hides it (no listing, no new showtimes); its past showtimes and tickets keep their join.
  deletedAt: text("deleted_at"),
});

export type SeatPrices = Record<SeatKind, number>;
export const showtimeStatuses = ["scheduled", "cancelled"] as const;

export const showtimes = sqliteTable(
  "showtimes",
  {
    id: text("id").primaryKey(),
    movieId: text("movie_id")
      .notNull()
      .references(() => movies.id),
    theaterId: text("theater_id")
      .notNull()
      .references(() => theaters.id),
    startsAt: text("starts_at").notNull(),
    // Start + runtime + cleaning buffer: the theater is busy until then.
    endsAt: text("ends_at").notNull(),
    // Cents per seat kind.
    prices: text("prices", { mode: "json" }).$type<SeatPrices>().notNull(),
    currency: text("currency").notNull().default("usd"),
    holdTtlSeconds: integer("hold_ttl_seconds").notNull(),
    status: text("status", { enum: showtimeStatuses }).notNull().default("scheduled"),
    createdAt: text("created_at").notNull(),
    cancelledAt: text("cancelled_at"),
  },
  (t) => [
    index("showtimes_theater_starts_idx").on(t.theaterId, t.startsAt),
    index("showtimes_movie_starts_idx").on(t.movieId, t.startsAt),
    index("showtimes_starts_idx").on(t.startsAt),
  ],
);

export const orderStatuses = ["pending", "paid", "failed", "refunding", "refunded"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface OrderSeat {
  label: string;
  kind: SeatKind;
  priceCents: number;
}

export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    showtimeId: text("showtime_id")
      .notNull()
      .references(() => showtimes.id),
    holdId: text("hold_id").notNull(),
    // The key the buyer sent: one order per (user, key), so retries land on the same order.
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status", { enum: orderStatuses }).notNull().default("pending"),
    seats: text("seats", { mode: "json" }).$type<OrderSeat[]>().notNull().default([]),
    totalCents: integer("total_cents").notNull().default(0),
    // Loyalty benefits applied at checkout (loyalty/benefits.ts): the tier's discount and a
    // free-ticket voucher; `totalCents` is what was charged after both.
    discountCents: integer("discount_cents").notNull().default(0),
    voucherCode: text("voucher_code"),
    currency: text("currency").notNull().default("usd"),
    failureReason: text("failure_reason"),
    createdAt: text("created_at").notNull(),
    paidAt: text("paid_at"),
    refundedAt: text("refunded_at"),
  },
  (t) => [
    uniqueIndex("orders_user_key_unique").on(t.userId, t.idempotencyKey),
    index("orders_user_created_idx").on(t.userId, t.createdAt),
    index("orders_showtime_status_idx").on(t.showtimeId, t.status),
  ],
);

export const ticketStatuses = ["valid", "refunded"] as const;

export const tickets = sqliteTable(
  "tickets",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    showtimeId: text("showtime_id")
      .notNull()
      .references(() => showtimes.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    seatLabel: text("seat_label").notNull(),
    seatKind: text("seat_kind", { enum: seatKinds }).notNull(),
    priceCents: integer("price_cents").notNull(),
    status: text("status", { enum: ticketStatuses }).notNull().default("valid"),
    checkedInAt: text("checked_in_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("tickets_code_unique").on(t.code),
    uniqueIndex("tickets_order_seat_unique").on(t.orderId, t.seatLabel),
    // The backstop behind the ShowtimeSeats Durable Object: a seat is sold once. Refunded
    // tickets step aside so a refunded seat can be sold again.
    uniqueIndex("tickets_showtime_seat_unique").on(t.showtimeId, t.seatLabel).where(sql`status = 'valid'`),
    index("tickets_user_created_idx").on(t.userId, t.createdAt),
  ],
);

export const paymentStatuses = ["processing", "succeeded", "failed", "refunded"] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    // Set when the payment is for a box-office order: one payment per order.
    orderId: text("order_id"),
    // Set when the payment is for a subscription period or a proration (billing domain).
    subscriptionId: text("subscription_id"),
    // One payment per (user, key): a retried charge finds its first attempt instead of paying twice.
    idempotencyKey: text("idempotency_key").notNull(),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull(),
    description: text("description").notNull(),
    status: text("status", { enum: paymentStatuses }).notNull(),
    failureReason: text("failure_reason"),
    cardBrand: text("card_brand").notNull(),
    cardLast4: text("card_last4").notNull(),
    chargeId: text("charge_id"),
    refundId: text("refund_id"),
    // Money given back so far: the whole amount when `refunded`, part of it after a prorated refund.
    refundedCents: integer("refunded_cents").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("payments_order_unique").on(t.orderId),
    uniqueIndex("payments_user_key_unique").on(t.userId, t.idempotencyKey),
    index("payments_user_created_idx").on(t.userId, t.createdAt),
    index("payments_subscription_idx").on(t.subscriptionId),
  ],
);

/** Replays of writes that cost money or seats: see workers/lib/idempotency.ts. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    userId: text("user_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: text("status", { enum: ["pending", "done"] }).notNull(),
    response: text("response", { mode: "json" }).$type<unknown>(),
    // While a request owns a pending key, others wait; after this (ms) a retry takes over.
    leaseUntil: integer("lease_until").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
