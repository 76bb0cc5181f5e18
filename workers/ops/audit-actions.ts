import { createMiddleware } from "hono/factory";
import type { Role } from "../db/schema";
import { audit } from "../lib/audit";
import type { AppEnv, AuthContext } from "../lib/context";
import { routeTemplate } from "./observe";

/** Writes whose audit entry carries a name of its own, whoever makes them (a buyer's own refund too). */
const namedActions: Record<string, string> = {
  "PATCH /api/users/:id/role": "user.role_changed",
  "DELETE /api/users/:id": "user.deleted",
  "POST /api/users/:id/restore": "user.restored",
  "POST /api/orders/:id/refund": "order.refunded",
  "POST /api/showtimes/:id/cancel": "showtime.cancelled",
  "POST /api/invoices/:id/void": "invoice.voided",
  "POST /api/invoices/:id/credit-notes": "invoice.credited",
  "POST /api/subscriptions/:id/cancel-now": "subscription.cancelled_now",
  "POST /api/users/:id/loyalty/adjustments": "loyalty.adjusted",
  "POST /api/comments/:id/hide": "comment.hidden",
  "POST /api/comments/:id/restore": "comment.restored",
  "POST /api/comments/:id/remove": "comment.removed",
};

const STAFF: ReadonlySet<Role> = new Set(["admin", "moderator", "manager"]);
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** `/api/showtimes/:id/cancel` → `showtime`; the resource the route's `:id` names. */
const resourceOf = (route: string) => route.split("/")[2]?.replace(/s$/, "") || "request";

/**
 * The audit log's catch-all: every successful write by staff (and the named security-relevant
 * writes by anyone) gets an entry, unless its handler already wrote a more telling one
 * (lib/audit.ts marks the request). Written before the response leaves, like audit() itself.
 */
export const auditStaffActions = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (READS.has(c.req.method) || c.res.status >= 400 || c.var.audited) return;
  const caller = c.var.auth as AuthContext | undefined;
  if (!caller) return;
  const route = routeTemplate(c);
  const named = namedActions[`${c.req.method} ${route}`];
  if (!named && !STAFF.has(caller.role)) return;
  const id = c.req.param("id");
  await audit(c, {
    action: named ?? "staff.write",
    ...(id ? { targetType: resourceOf(route), targetId: id } : {}),
    detail: { method: c.req.method, route, status: c.res.status },
  });
});
