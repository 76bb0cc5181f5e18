import type { Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import { rectangularLayout, seatsOf } from "./seat-map";
import {
  countActiveShowtimes,
  createTheater,
  deleteTheater,
  findTheater,
  listTheaters,
  type TheaterRow,
  updateTheater,
} from "./theaters.queries";
import * as routes from "./theaters.routes";

const NOT_FOUND = "No such theater";

/** The 409 for a change the theater's active showtimes forbid; `showtimes` says how many. */
async function busy(db: Db, id: string, what: string): Promise<ApiError> {
  const showtimes = await countActiveShowtimes(db, id);
  const these =
    showtimes === 1
      ? "1 scheduled showtime that has not ended uses it"
      : `${showtimes} scheduled showtimes that have not ended use it`;
  return new ApiError("conflict", `${what} while ${these}; cancel them or wait until they end`, { showtimes });
}

const toTheater = (row: TheaterRow) => ({
  id: row.id,
  name: row.name,
  layout: row.layout,
  seatCount: row.seatCount,
  createdAt: row.createdAt,
});

const toTheaterDetail = (row: TheaterRow) => ({
  ...toTheater(row),
  seats: seatsOf(row.layout).map(({ label, row: rowName, number, column, kind, blocked }) => ({
    label,
    row: rowName,
    number,
    column,
    kind,
    blocked,
  })),
});

export const theatersRouter = createRouter()
  .openapi(routes.createTheater, async (c) => {
    const input = c.req.valid("json");
    const layout = input.layout ?? rectangularLayout(input.rows as number, input.seatsPerRow as number);
    const row = await createTheater(c.get("db"), input.name, layout);
    return c.json(toTheaterDetail(row), 201, { location: `/api/theaters/${row.id}` });
  })
  .openapi(routes.listTheaters, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await listTheaters(c.get("db"), limit, after ? [String(after[0]), String(after[1])] : undefined);
    return c.json(
      page(rows, limit, (r) => [r.name, r.id], toTheater),
      200,
    );
  })
  .openapi(routes.getTheater, async (c) => {
    const row = await findTheater(c.get("db"), c.req.valid("param").id);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toTheaterDetail(row), 200);
  })
  .openapi(routes.updateTheater, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const current = await findTheater(db, id);
    if (!current) throw new ApiError("not_found", NOT_FOUND);
    const sameLayout = input.layout && JSON.stringify(input.layout) === JSON.stringify(current.layout);
    const layout = sameLayout ? undefined : input.layout;
    if (input.name === undefined && layout === undefined) return c.json(toTheaterDetail(current), 200);
    const row = await updateTheater(db, id, { name: input.name, layout });
    if (row) return c.json(toTheaterDetail(row), 200);
    if (!(await findTheater(db, id))) throw new ApiError("not_found", NOT_FOUND);
    throw await busy(db, id, "The seat map cannot change");
  })
  .openapi(routes.deleteTheater, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    if (await deleteTheater(db, id)) return c.body(null, 204);
    if (!(await findTheater(db, id))) throw new ApiError("not_found", NOT_FOUND);
    throw await busy(db, id, "This theater cannot be deleted");
  });
