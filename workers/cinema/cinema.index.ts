import { createRouter } from "../lib/create-app";
import { adminTicketsRouter } from "./admin-tickets.index";
import { holdsRouter } from "./holds.index";
import { liveRouter } from "./live.index";
import { ordersRouter } from "./orders.index";
import { showtimesRouter } from "./showtimes.index";
import { theatersRouter } from "./theaters.index";
import { ticketsRouter } from "./tickets.index";

/** The box office: theaters, showtimes, seat holds, orders, tickets and the live seat map. */
export const cinemaRouter = createRouter()
  .route("/", theatersRouter)
  .route("/", showtimesRouter)
  .route("/", holdsRouter)
  .route("/", ordersRouter)
  .route("/", ticketsRouter)
  .route("/", liveRouter)
  .route("/", adminTicketsRouter);
