import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import * as schema from "../db/schema";
import type { AppEnv, Db } from "./context";

const clients = new WeakMap<D1Database, Db>();

/** One drizzle client per D1 binding, reused across requests of this isolate. */
export function database(d1: D1Database): Db {
  let db = clients.get(d1);
  if (!db) {
    db = drizzle(d1, { schema });
    clients.set(d1, db);
  }
  return db;
}

export const dbMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set("db", database(c.env.DB));
  await next();
});

/** Whether `err` (possibly wrapped by drizzle) is SQLite's UNIQUE violation on `target` (`table.column`). */
export function isUniqueViolation(err: unknown, target?: string): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e.message.includes("UNIQUE constraint failed") && (!target || e.message.includes(target))) return true;
  }
  return false;
}

/** Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
