import { and, desc, eq, lt } from "drizzle-orm";
import { devMailbox } from "../db/schema";
import { createRouter } from "../lib/create-app";
import { decodeCursor, page } from "../lib/pagination";
import * as routes from "./mailbox.routes";
import { devSmsRouter } from "./sms/dev-sms.index";

export const mailboxRouter = createRouter()
  .route("/", devSmsRouter)
  .openapi(routes.listMailbox, async (c) => {
    const { to, limit, cursor } = c.req.valid("query");
    const before = decodeCursor(cursor)?.[0];
    const rows = await c
      .get("db")
      .select()
      .from(devMailbox)
      .where(
        and(to ? eq(devMailbox.toAddress, to) : undefined, before === undefined ? undefined : lt(devMailbox.id, String(before))),
      )
      .orderBy(desc(devMailbox.id))
      .limit(limit + 1);
    return c.json(
      page(
        rows,
        limit,
        (row) => [row.id],
        (row) => ({
          id: row.id,
          outboxId: row.outboxId,
          from: row.fromAddress,
          to: row.toAddress,
          subject: row.subject,
          text: row.text,
          html: row.html,
          createdAt: row.createdAt,
        }),
      ),
      200,
    );
  });
