import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import { rectangularLayout, seatsOf } from "./seat-map";
import { createTheater, findTheater, listTheaters, type TheaterRow } from "./theaters.queries";
import * as routes from "./theaters.routes";

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
    if (!row) throw new ApiError("not_found", "No such theater");
    return c.json(toTheaterDetail(row), 200);
  });
