import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import { ErrorEntrySchema, ErrorsQuery } from "./errors.schemas";

export const listErrorEntries = createRoute({
  security: bearerAuth,
  tags: ["operations"],
  middleware: [requireAdmin],
  method: "get",
  path: "/admin/errors",
  summary: "The error log: every 5xx and every failed background job (admin)",
  description: "Newest first; kept 30 days. Stacks are for operators only: the caller of a failed request saw a plain problem.",
  request: { query: ErrorsQuery },
  responses: { 200: jsonResponse(pageOf(ErrorEntrySchema), "Errors, newest first"), ...pickErrors(400, 401, 403) },
});
