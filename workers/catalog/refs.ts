import { inArray } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../lib/context";
import { ApiError } from "../lib/errors";

/**
 * Answers 422 naming every id in `ids` that has no row in `table`, so a write never
 * links to something that is not there.
 * @example await assertExist(db, genres, genres.id, input.genres, "genre")
 */
export async function assertExist(db: Db, table: SQLiteTable, column: SQLiteColumn, ids: readonly string[], what: string) {
  if (ids.length === 0) return;
  const found = await db
    .select({ id: column })
    .from(table)
    .where(inArray(column, [...ids]))
    .all();
  const known = new Set(found.map((row) => row.id as string));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new ApiError("unprocessable", `Unknown ${what} ${missing.length === 1 ? "id" : "ids"}: ${missing.join(", ")}`, {
      missing,
    });
  }
}
