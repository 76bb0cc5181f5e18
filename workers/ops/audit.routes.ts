import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import { AuditEntrySchema, AuditQuery } from "./audit.schemas";

export const listAuditEntries = createRoute({
  security: bearerAuth,
  tags: ["operations"],
  middleware: [requireAdmin],
  method: "get",
  path: "/admin/audit",
  summary: "The audit log: admin and moderator actions and security events (admin)",
  description:
    "Newest first; kept 90 days. `actor` is a user id or an email, `action` an exact action or a prefix (`order.*`), `target` the target's id.",
  request: { query: AuditQuery },
  responses: { 200: jsonResponse(pageOf(AuditEntrySchema), "Audit entries, newest first"), ...pickErrors(400, 401, 403) },
});
