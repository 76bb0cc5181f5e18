import { and, eq, type SQL, sql } from "drizzle-orm";
import { characters, people } from "../db/schema";
import { isForeignKeyViolation } from "../lib/constraints";
import type { Db } from "../lib/context";
import { likePattern } from "../lib/db";
import { ApiError } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { scopesOf, scopesWhere, titlesCasting } from "./cache";
import type { After } from "./cursor";

export type PersonRow = typeof people.$inferSelect;

export async function listPeople(db: Db, opts: { q?: string; after?: After; limit: number }) {
  const filters: (SQL | undefined)[] = [];
  if (opts.q) filters.push(sql`lower(${people.name}) LIKE ${likePattern(opts.q.toLowerCase())} ESCAPE '\\'`);
  if (opts.after) filters.push(sql`(${people.name}, ${people.id}) > (${opts.after[0]}, ${opts.after[1]})`);
  return db
    .select()
    .from(people)
    .where(and(...filters))
    .orderBy(people.name, people.id)
    .limit(opts.limit + 1)
    .all();
}

export const findPerson = (db: Db, id: string) => db.select().from(people).where(eq(people.id, id)).get();

interface CreditRow {
  character_id: string;
  character_name: string;
  type: "movie" | "series";
  title_id: string;
  title: string;
  release_year: number | null;
}

/** The characters a person plays, with each title they appear in, newest title first. */
export async function creditsOf(db: Db, personId: string) {
  const rows = await db.all<CreditRow>(sql`
    SELECT ch.id AS character_id, ch.name AS character_name, 'movie' AS type, m.id AS title_id, m.title, m.release_year
    FROM characters ch JOIN movie_cast mc ON mc.character_id = ch.id JOIN movies m ON m.id = mc.movie_id
    WHERE ch.person_id = ${personId}
    UNION ALL
    SELECT ch.id, ch.name, 'series', s.id, s.title, s.release_year
    FROM characters ch JOIN series_cast sc ON sc.character_id = ch.id JOIN series s ON s.id = sc.series_id
    WHERE ch.person_id = ${personId}
    ORDER BY release_year DESC, title`);
  return rows.map((r) => ({
    character: { id: r.character_id, name: r.character_name },
    title: { type: r.type, id: r.title_id, title: r.title, releaseYear: r.release_year },
  }));
}

/** Adds a person. */
export async function createPerson(db: Db, input: { name: string; birthDate?: string | null; bio?: string | null }) {
  const now = nowIso();
  const row: PersonRow = {
    id: newId(),
    name: input.name,
    birthDate: input.birthDate ?? null,
    bio: input.bio ?? null,
    photoKey: null,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(people).values(row);
  return row;
}

const charactersOf = (personId: string) => sql`SELECT id FROM characters WHERE person_id = ${personId}`;

/** Changes a person; answers the row (undefined when absent) and the detail scopes of the titles whose cast shows them. */
export async function updatePerson(
  db: Db,
  id: string,
  changes: Partial<Pick<PersonRow, "name" | "birthDate" | "bio" | "photoKey">>,
) {
  const [updated, touched] = await db.batch([
    db
      .update(people)
      .set({ ...changes, updatedAt: nowIso() })
      .where(eq(people.id, id))
      .returning(),
    scopesWhere(db, titlesCasting(charactersOf(id))),
  ]);
  return { person: updated[0], touched: scopesOf(touched) };
}

/** Deletes a person who plays no character: false when absent; 409 with the count otherwise. */
export async function deletePerson(db: Db, id: string): Promise<boolean> {
  try {
    const deleted = await db.delete(people).where(eq(people.id, id)).returning({ id: people.id });
    return deleted.length > 0;
  } catch (err) {
    if (!isForeignKeyViolation(err)) throw err;
    const count = await db.$count(characters, eq(characters.personId, id));
    throw new ApiError(
      "conflict",
      `This person plays ${count} ${count === 1 ? "character" : "characters"}; delete or recast them first`,
      {
        count,
      },
    );
  }
}
