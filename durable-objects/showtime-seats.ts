import { DurableObject } from "cloudflare:workers";

/**
 * One per showtime: the only writer of that showtime's seat holds (the box-office issue
 * gives it its RPC methods). Declared now so the binding and its migration exist from v1.
 */
export class ShowtimeSeats extends DurableObject<Env> {}
