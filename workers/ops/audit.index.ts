import { createRouter } from "../lib/create-app";
import { page } from "../lib/pagination";
import { listAudit, toAuditEntry } from "./audit.queries";
import * as routes from "./audit.routes";
import { logCursorAfter } from "./log-window";

/** GET /api/admin/audit. */
export const auditRouter = createRouter().openapi(routes.listAuditEntries, async (c) => {
  const { cursor, ...filter } = c.req.valid("query");
  const rows = await listAudit(c.get("db"), { ...filter, after: logCursorAfter(cursor) });
  return c.json(
    page(rows, filter.limit, ({ row }) => [row.at, row.id], toAuditEntry),
    200,
  );
});
