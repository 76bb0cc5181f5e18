import { z } from "@hono/zod-openapi";
import { orderStatuses, seatKinds, showtimeStatuses, ticketStatuses } from "../db/schema";
import { ProblemSchema } from "../lib/errors";
import { exactlyOneSource, PaymentSourceFields, sourceMessage } from "../payments/payments.charge";
import { HOLD_TTL_SECONDS, MAX_SEATS_PER_HOLD } from "./rules";
import { LayoutSchema, MAX_ROW_CELLS, MAX_ROWS } from "./seat-map";

const pathId = (name = "id") =>
  z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name, in: "path" } });

export const IdParam = z.object({ id: pathId() });
export const SeatKindSchema = z.enum(seatKinds).openapi("SeatKind");
const cents = (description: string) => z.number().int().min(50).max(100_000).openapi({ description, example: 1200 });

// ---- theaters ----

export const NewTheater = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: "Screen 1" }),
    rows: z.number().int().min(1).max(MAX_ROWS).optional().openapi({ description: "Rectangular map: rows A, B, …" }),
    seatsPerRow: z.number().int().min(1).max(MAX_ROW_CELLS).optional(),
    layout: LayoutSchema.optional().openapi({
      description: "Instead of rows × seatsPerRow: a map with aisles, blocked seats and seat kinds",
    }),
  })
  .refine(
    (t) =>
      (t.layout === undefined) === (t.rows !== undefined && t.seatsPerRow !== undefined) &&
      !(t.layout && (t.rows || t.seatsPerRow)),
    {
      message: "Send rows and seatsPerRow, or a layout",
      path: ["layout"],
    },
  )
  .openapi("NewTheater");

export const TheaterChange = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    layout: LayoutSchema.optional().openapi({
      description: "A new seat map; refused (409) while a scheduled showtime that has not ended uses the theater",
    }),
  })
  .refine((t) => t.name !== undefined || t.layout !== undefined, { message: "Send a name, a layout or both", path: ["name"] })
  .openapi("TheaterChange");

export const TheaterSeatSchema = z
  .object({
    label: z.string(),
    row: z.string(),
    number: z.number().int(),
    column: z.number().int(),
    kind: SeatKindSchema,
    blocked: z.boolean(),
  })
  .openapi("TheaterSeat");

export const TheaterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    layout: LayoutSchema,
    seatCount: z.number().int().openapi({ description: "Sellable seats (blocked ones excluded)" }),
    createdAt: z.string(),
  })
  .openapi("Theater");

export const TheaterDetailSchema = TheaterSchema.extend({ seats: z.array(TheaterSeatSchema) }).openapi("TheaterDetail");

// ---- showtimes ----

export const PricesSchema = z
  .object({ standard: z.number().int(), premium: z.number().int(), wheelchair: z.number().int(), companion: z.number().int() })
  .openapi("SeatPrices");

export const NewShowtime = z
  .object({
    movieId: z.string().min(1).max(64),
    theaterId: z.string().min(1).max(64),
    startsAt: z.iso.datetime({ offset: true }).openapi({ example: "2030-05-01T19:30:00Z" }),
    price: cents("Cents per standard seat, and for every kind not listed in prices"),
    prices: z
      .object({ premium: cents("Cents").optional(), wheelchair: cents("Cents").optional(), companion: cents("Cents").optional() })
      .optional(),
    holdTtlSeconds: z
      .number()
      .int()
      .min(HOLD_TTL_SECONDS.min)
      .max(HOLD_TTL_SECONDS.max)
      .default(HOLD_TTL_SECONDS.default)
      .openapi({ description: `How long a seat hold lasts, ${HOLD_TTL_SECONDS.min} to ${HOLD_TTL_SECONDS.max} s` }),
  })
  .openapi("NewShowtime");

export const ShowtimeSchema = z
  .object({
    id: z.string(),
    movieId: z.string(),
    movieTitle: z.string(),
    theaterId: z.string(),
    theaterName: z.string(),
    startsAt: z.string(),
    endsAt: z.string().openapi({ description: "Start + runtime + cleaning buffer" }),
    prices: PricesSchema,
    currency: z.string(),
    holdTtlSeconds: z.number().int(),
    status: z.enum(showtimeStatuses),
    createdAt: z.string(),
  })
  .openapi("Showtime");

export const ShowtimeQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
  movie: z.string().min(1).max(64).optional(),
  theater: z.string().min(1).max(64).optional(),
  date: z.iso.date().optional().openapi({ description: "A UTC day (YYYY-MM-DD); without it, upcoming showtimes" }),
});

export const SeatSchema = z
  .object({
    label: z.string().openapi({ example: "E7" }),
    row: z.string(),
    number: z.number().int(),
    column: z
      .number()
      .int()
      .openapi({ description: "Position in the row counting gaps; seats are adjacent when columns are consecutive" }),
    kind: SeatKindSchema,
    state: z.enum(["available", "held", "sold", "blocked"]),
  })
  .openapi("Seat");

export const SeatMapSchema = z
  .object({ showtimeId: z.string(), seq: z.number().int(), seats: z.array(SeatSchema) })
  .openapi("SeatMap");

export const ShowtimeSalesSchema = z
  .object({
    showtimeId: z.string(),
    paidOrders: z.number().int().openapi({ description: "Paid orders: what cancelling the showtime would refund" }),
    ticketsSold: z.number().int().openapi({ description: "Valid (not refunded) tickets" }),
    checkedIn: z.number().int().openapi({ description: "Of those, checked in at the door" }),
    refundedOrders: z.number().int(),
    gross: z.number().int().openapi({ description: "What the paid orders hold, in cents (refunds left out)" }),
    currency: z.string(),
  })
  .openapi("ShowtimeSales");

// ---- holds ----

const SeatLabel = z.string().regex(/^[A-Za-z]\d{1,2}$/, "A seat label is a row letter and a number, like E7");

export const NewHold = z
  .object({
    seats: z
      .array(SeatLabel)
      .min(1, "Pick at least one seat")
      .max(MAX_SEATS_PER_HOLD, `A hold takes at most ${MAX_SEATS_PER_HOLD} seats`)
      .optional()
      .openapi({ example: ["E7", "E8"] }),
    count: z
      .number()
      .int()
      .min(1, "Ask for at least one seat")
      .max(MAX_SEATS_PER_HOLD, `A hold takes at most ${MAX_SEATS_PER_HOLD} seats`)
      .optional()
      .openapi({ description: "Best available: this many adjacent seats" }),
  })
  .refine((h) => (h.seats === undefined) !== (h.count === undefined), { message: "Send seats or count", path: ["seats"] })
  .openapi("NewHold");

export const HoldSchema = z
  .object({
    id: z.string(),
    showtimeId: z.string(),
    seats: z.array(z.string()),
    status: z.enum(["active", "paying", "sold", "released", "replaced", "expired", "cancelled"]),
    expiresAt: z.string(),
    extended: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Hold");

// ---- orders and tickets ----

const VoucherCode = z.string().trim().min(1).max(40).openapi({
  description: "A loyalty voucher of yours (GET /me/rewards): a free ticket or a discount code",
  example: "MQ-7K2P9XQ4DM",
});

export const NewOrder = z
  .object({ holdId: z.string().min(1).max(120), ...PaymentSourceFields, voucherCode: VoucherCode.optional() })
  // A voucher may cover the whole order, which then needs no card (the order answers 400 if it does not).
  .refine(
    (input) => exactlyOneSource(input) || (input.voucherCode !== undefined && !input.card && !input.paymentMethodId),
    sourceMessage,
  )
  .openapi("NewOrder");

export const QuoteQuery = z.object({ voucherCode: VoucherCode.optional() });

export const QuoteSchema = z
  .object({
    subtotal: z.number().int().openapi({ description: "The seats' prices, in cents" }),
    discount: z.number().int().openapi({ description: "Everything taken off, in cents" }),
    discounts: z.array(z.object({ label: z.string(), amount: z.number().int() })),
    total: z.number().int().openapi({ description: "What the card will be charged, in cents (0: no payment)" }),
    currency: z.string(),
  })
  .openapi("CheckoutQuote");

export const OrderTicketSchema = z.object({ code: z.string(), seat: z.string() });

export const OrderSchema = z
  .object({
    id: z.string(),
    status: z.enum(orderStatuses),
    showtimeId: z.string(),
    total: z.number().int().openapi({ description: "What was charged, in cents (subtotal − discount)" }),
    subtotal: z.number().int().openapi({ description: "The seats' prices, in cents" }),
    discount: z.number().int().openapi({ description: "Loyalty discounts (a voucher, Gold's 10 %), in cents" }),
    voucherCode: z.string().nullable(),
    currency: z.string(),
    seats: z.array(z.object({ label: z.string(), kind: SeatKindSchema, price: z.number().int() })),
    tickets: z.array(OrderTicketSchema),
    createdAt: z.string(),
    paidAt: z.string().nullable(),
    refundedAt: z.string().nullable(),
  })
  .openapi("Order");

export const TicketSchema = z
  .object({
    code: z.string(),
    seat: z.string(),
    kind: SeatKindSchema,
    price: z.number().int(),
    status: z.enum(ticketStatuses),
    checkedInAt: z.string().nullable(),
    orderId: z.string(),
    showtime: z.object({
      id: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      movieId: z.string(),
      movieTitle: z.string(),
      theaterName: z.string(),
    }),
  })
  .openapi("Ticket");

export const TicketCodeParam = z.object({ code: pathId("code") });

export const CheckInRequest = z
  .object({
    showtimeId: z
      .string()
      .min(1)
      .max(120)
      .optional()
      .openapi({ description: "The showtime this door admits; a ticket for another one is refused (wrong_showtime)" }),
  })
  .openapi("CheckInRequest");

export const CheckInProblemSchema = ProblemSchema.extend({
  reason: z.enum(["already_checked_in", "refunded", "wrong_showtime", "expired"]),
  checkedInAt: z.string().optional().openapi({ description: "With already_checked_in: when it was checked in" }),
  ticket: TicketSchema,
}).openapi("CheckInProblem");
