import { and, asc, eq, gt, or } from "drizzle-orm";
import { type TheaterLayout, theaters } from "../db/schema";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import { seatsOf } from "./seat-map";

export type TheaterRow = typeof theaters.$inferSelect;

export async function createTheater(db: Db, name: string, layout: TheaterLayout): Promise<TheaterRow> {
  const seatCount = seatsOf(layout).filter((s) => !s.blocked).length;
  const [row] = await db.insert(theaters).values({ id: newId(), name, layout, seatCount, createdAt: nowIso() }).returning();
  return row;
}

export async function findTheater(db: Db, id: string) {
  return db.select().from(theaters).where(eq(theaters.id, id)).get();
}

export async function listTheaters(db: Db, limit: number, after?: [string, string]) {
  const cursor = after ? or(gt(theaters.name, after[0]), and(eq(theaters.name, after[0]), gt(theaters.id, after[1]))) : undefined;
  return db
    .select()
    .from(theaters)
    .where(cursor)
    .orderBy(asc(theaters.name), asc(theaters.id))
    .limit(limit + 1)
    .all();
}
