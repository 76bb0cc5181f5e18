import { createRouter } from "../lib/create-app";
import { page } from "../lib/pagination";
import { listErrors } from "./errors.queries";
import * as routes from "./errors.routes";
import { logCursorAfter } from "./log-window";

/** GET /api/admin/errors. */
export const errorsRouter = createRouter().openapi(routes.listErrorEntries, async (c) => {
  const { cursor, ...filter } = c.req.valid("query");
  const rows = await listErrors(c.get("db"), { ...filter, after: logCursorAfter(cursor) });
  return c.json(
    page(
      rows,
      filter.limit,
      (row) => [row.at, row.id],
      (row) => row,
    ),
    200,
  );
});
