import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/create-app";
import { ApiError, pickErrors } from "../lib/errors";
import { IdParam } from "./cinema.schemas";
import { requireShowtimeConfig, showtimeSeats } from "./seats";

export const liveSeatMap = createRoute({
  tags: ["box office"],
  method: "get",
  path: "/showtimes/{id}/live",
  summary: "Live seat map (WebSocket)",
  description:
    'Upgrade to a WebSocket; no sign-in needed. The first frame is `{type:"snapshot", seq, seats}`; then `{type:"seats", seq, changes:[{label,state}]}` after every hold, release, expiry, sale and refund, in `seq` order, and `{type:"cancelled"}` if the showtime is cancelled. Send `{type:"ping"}` (answered with `pong`) or `{type:"resync"}` (a fresh snapshot).',
  request: { params: IdParam, headers: z.object({ upgrade: z.string().optional() }) },
  responses: { 101: { description: "Switching to the WebSocket protocol" }, ...pickErrors(400, 404) },
});

export const liveRouter = createRouter().openapi(liveSeatMap, async (c) => {
  if (c.req.valid("header").upgrade?.toLowerCase() !== "websocket") {
    throw new ApiError("bad_request", "Connect with a WebSocket (Upgrade: websocket)");
  }
  const config = await requireShowtimeConfig(c.get("db"), c.req.valid("param").id);
  const seats = showtimeSeats(c.env, config.showtimeId);
  // Sets the object up if this is its first caller; the upgrade itself must go through fetch.
  await seats.snapshot(config);
  return seats.fetch(c.req.raw) as unknown as ReturnType<typeof c.body>;
});
