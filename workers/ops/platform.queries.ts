import { count, eq, inArray, sql, sum } from "drizzle-orm";
import { analyticsEvents, mediaItems, mediaJobs, orders, tickets, users } from "../db/schema";
import type { Db } from "../lib/context";

export interface PlatformCounts {
  jobs: { queued: number; waiting: number; processing: number; done: number; failed: number };
  media: { items: number; bytes: number; outputs: number; outputBytes: number };
  ticketsSold: number;
  ticketRevenueCents: number;
  users: number;
  playsStarted: number;
}

/** Orders whose money came in, refunded later or not: revenue that only ever grows. */
const everPaid = ["paid", "refunding", "refunded"] as const;

/** What /metrics and the monitor summary read from D1, in one round trip. */
export async function platformCounts(db: Db): Promise<PlatformCounts> {
  const [jobRows, mediaRow, ticketRow, revenueRow, userRow, playRow] = await db.batch([
    db
      .select({
        status: mediaJobs.status,
        waiting: sql<number>`sum(${mediaJobs.waitingFor} IS NOT NULL)`,
        n: count(),
        outputs: sql<number>`coalesce(sum(json_array_length(${mediaJobs.outputs})), 0)`,
        outputBytes: sql<number>`coalesce(sum(${mediaJobs.outputBytes}), 0)`,
      })
      .from(mediaJobs)
      .groupBy(mediaJobs.status),
    db.select({ n: count(), bytes: sum(mediaItems.sizeBytes).mapWith(Number) }).from(mediaItems),
    db.select({ n: count() }).from(tickets),
    db
      .select({ cents: sum(orders.totalCents).mapWith(Number) })
      .from(orders)
      .where(inArray(orders.status, everPaid)),
    db.select({ n: count() }).from(users),
    db.select({ n: count() }).from(analyticsEvents).where(eq(analyticsEvents.type, "play_started")),
  ]);
  const jobs = { queued: 0, waiting: 0, processing: 0, done: 0, failed: 0 };
  let outputs = 0;
  let outputBytes = 0;
  for (const row of jobRows) {
    jobs[row.status] = row.n;
    if (row.status === "queued") jobs.waiting = Number(row.waiting ?? 0);
    outputs += Number(row.outputs);
    outputBytes += Number(row.outputBytes);
  }
  jobs.queued -= jobs.waiting;
  return {
    jobs,
    media: { items: mediaRow[0]?.n ?? 0, bytes: mediaRow[0]?.bytes ?? 0, outputs, outputBytes },
    ticketsSold: ticketRow[0]?.n ?? 0,
    ticketRevenueCents: revenueRow[0]?.cents ?? 0,
    users: userRow[0]?.n ?? 0,
    playsStarted: playRow[0]?.n ?? 0,
  };
}
