import { z } from "@hono/zod-openapi";
import { ticketStatuses } from "../db/schema";
import { PageQuery } from "../lib/pagination";
import { TicketSchema } from "./cinema.schemas";

/** A ticket as staff see it: the holder beside the seat. */
export const AdminTicketSchema = TicketSchema.extend({
  holder: z.object({ id: z.string(), name: z.string(), username: z.string(), email: z.string() }),
  createdAt: z.string(),
}).openapi("AdminTicket");

const id = z.string().min(1).max(64);

export const AdminTicketQuery = PageQuery.extend({
  showtimeId: id.optional(),
  userId: id.optional().openapi({ description: "The holder's account id" }),
  status: z.enum(ticketStatuses).optional(),
});

export const AdminUserTicketQuery = PageQuery.extend({ status: z.enum(ticketStatuses).optional() });
