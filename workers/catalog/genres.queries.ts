import { eq, sql } from "drizzle-orm";
import { genres } from "../db/schema";
import { isForeignKeyViolation } from "../lib/constraints";
import type { Db } from "../lib/context";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { type Scope, scopesOf, scopesWhere } from "./cache";
import type { After } from "./cursor";

export type GenreRow = typeof genres.$inferSelect;

function rethrowNameTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw new ApiError("conflict", "A genre with that name already exists");
  throw err;
}

export async function listGenres(db: Db, opts: { after?: After; limit: number }) {
  const after = opts.after ? sql`(${genres.name}, ${genres.id}) > (${opts.after[0]}, ${opts.after[1]})` : undefined;
  return db
    .select()
    .from(genres)
    .where(after)
    .orderBy(genres.name, genres.id)
    .limit(opts.limit + 1)
    .all();
}

export const findGenre = (db: Db, id: string) => db.select().from(genres).where(eq(genres.id, id)).get();

export async function createGenre(db: Db, name: string): Promise<GenreRow> {
  const now = nowIso();
  const row = { id: newId(), name, createdAt: now, updatedAt: now };
  try {
    await db.insert(genres).values(row);
  } catch (err) {
    rethrowNameTaken(err);
  }
  return row;
}

const titlesWithGenre = (id: string) => sql`
  SELECT 'movie:' || movie_id AS scope FROM movie_genres WHERE genre_id = ${id}
  UNION SELECT 'series:' || series_id FROM series_genres WHERE genre_id = ${id}`;

/** Renames a genre; answers it (undefined when absent) and the detail scopes of the titles carrying it. */
export async function renameGenre(db: Db, id: string, name: string): Promise<{ genre?: GenreRow; touched: Scope[] }> {
  try {
    const [updated, touched] = await db.batch([
      db.update(genres).set({ name, updatedAt: nowIso() }).where(eq(genres.id, id)).returning(),
      scopesWhere(db, titlesWithGenre(id)),
    ]);
    return { genre: updated[0], touched: scopesOf(touched) };
  } catch (err) {
    rethrowNameTaken(err);
  }
}

async function titlesUsing(db: Db, id: string): Promise<number> {
  const row = await db.get<{ n: number }>(sql`
    SELECT (SELECT count(*) FROM movie_genres WHERE genre_id = ${id}) + (SELECT count(*) FROM series_genres WHERE genre_id = ${id}) AS n`);
  return row.n;
}

/** Deletes an unused genre: false when absent; 409 with the count when titles still carry it. */
export async function deleteGenre(db: Db, id: string): Promise<boolean> {
  try {
    const deleted = await db.delete(genres).where(eq(genres.id, id)).returning({ id: genres.id });
    return deleted.length > 0;
  } catch (err) {
    // The foreign keys from movie_genres / series_genres restrict the delete, atomically.
    if (!isForeignKeyViolation(err)) throw err;
    const count = await titlesUsing(db, id);
    throw new ApiError(
      "conflict",
      `${count} ${count === 1 ? "title uses" : "titles use"} this genre; remove it from them first`,
      {
        count,
      },
    );
  }
}
