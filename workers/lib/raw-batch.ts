import type { SQL } from "drizzle-orm";
import type { Db } from "./context";

/**
 * Raw SQL that can go into `db.batch` with its parameters. drizzle's `db.run(sql)` /
 * `db.all(sql)` work on their own, but inside a D1 batch drizzle binds parameters to a
 * prepared statement those raw queries never create; this gives them one.
 * @example await db.batch([db.insert(t).values(row), rawRun(db, sql`UPDATE counters SET n = n + 1 WHERE id = ${id}`)])
 */
export function rawRun(db: Db, query: SQL) {
  return withStatement(db, db.run(query));
}

export function rawAll<T>(db: Db, query: SQL) {
  return withStatement(db, db.all<T>(query));
}

function withStatement<T extends { getQuery(): { sql: string } }>(db: Db, raw: T): T {
  // `drizzle(d1)` keeps the binding as `$client`; the shared Db type does not spell it out.
  const client = (db as Db & { $client: D1Database }).$client;
  return Object.assign(raw, { stmt: client.prepare(raw.getQuery().sql) });
}
