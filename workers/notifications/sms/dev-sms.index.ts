import { and, desc, eq, lt } from "drizzle-orm";
import { smsOutbox } from "../../db/schema";
import { createRouter } from "../../lib/create-app";
import { decodeCursor, page } from "../../lib/pagination";
import * as routes from "./dev-sms.routes";

export const devSmsRouter = createRouter().openapi(routes.listDevSms, async (c) => {
  const { to: asked, limit, cursor } = c.req.valid("query");
  // An unescaped "+" in a query string arrives as a space, which trim() removed: put it back.
  const to = asked && (asked.startsWith("+") ? asked : `+${asked}`);
  const before = decodeCursor(cursor)?.[0];
  const rows = await c
    .get("db")
    .select()
    .from(smsOutbox)
    .where(and(to ? eq(smsOutbox.toNumber, to) : undefined, before === undefined ? undefined : lt(smsOutbox.id, String(before))))
    .orderBy(desc(smsOutbox.id))
    .limit(limit + 1);
  return c.json(
    page(
      rows,
      limit,
      (row) => [row.id],
      (row) => ({
        id: row.id,
        userId: row.userId,
        kind: row.kind,
        to: row.toNumber,
        text: row.text,
        status: row.status,
        attempts: row.attempts,
        lastError: row.lastError,
        createdAt: row.createdAt,
        sentAt: row.sentAt,
      }),
    ),
    200,
  );
});
