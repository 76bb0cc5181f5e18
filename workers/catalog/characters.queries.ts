import { and, eq, type SQL, sql } from "drizzle-orm";
import { characters, people } from "../db/schema";
import { isForeignKeyViolation } from "../lib/constraints";
import type { Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import { scopesOf, scopesWhere, titlesCasting } from "./cache";
import type { CharacterRow } from "./characters.schemas";
import type { After } from "./cursor";
import { assertExist } from "./refs";

const columns = {
  id: characters.id,
  name: characters.name,
  personId: characters.personId,
  personName: people.name,
  createdAt: characters.createdAt,
  updatedAt: characters.updatedAt,
};

const selectCharacters = (db: Db) => db.select(columns).from(characters).innerJoin(people, eq(people.id, characters.personId));

export async function listCharacters(db: Db, opts: { person?: string; after?: After; limit: number }) {
  const filters: (SQL | undefined)[] = [];
  if (opts.person) filters.push(eq(characters.personId, opts.person));
  if (opts.after) filters.push(sql`(${characters.name}, ${characters.id}) > (${opts.after[0]}, ${opts.after[1]})`);
  return selectCharacters(db)
    .where(and(...filters))
    .orderBy(characters.name, characters.id)
    .limit(opts.limit + 1)
    .all();
}

export const findCharacter = (db: Db, id: string): Promise<CharacterRow | undefined> =>
  selectCharacters(db).where(eq(characters.id, id)).get();

/** Runs a write that names a person; a person deleted meanwhile becomes the same 422 as an unknown one. */
async function withPerson<T>(db: Db, personId: string | undefined, write: () => Promise<T>): Promise<T> {
  if (personId) await assertExist(db, people, people.id, [personId], "person");
  try {
    return await write();
  } catch (err) {
    if (personId && isForeignKeyViolation(err)) await assertExist(db, people, people.id, [personId], "person");
    throw err;
  }
}

export async function createCharacter(db: Db, input: { name: string; personId: string }) {
  const now = nowIso();
  const id = newId();
  await withPerson(db, input.personId, () =>
    db.insert(characters).values({ id, name: input.name, personId: input.personId, createdAt: now, updatedAt: now }),
  );
  return findCharacter(db, id);
}

const thisCharacter = (id: string) => sql`SELECT ${id}`;

/** Renames or recasts a character; answers it (undefined when absent) and the detail scopes of the titles casting it. */
export async function updateCharacter(db: Db, id: string, changes: { name?: string; personId?: string }) {
  const [updated, touched] = await withPerson(db, changes.personId, () =>
    db.batch([
      db
        .update(characters)
        .set({ ...changes, updatedAt: nowIso() })
        .where(eq(characters.id, id))
        .returning({ id: characters.id }),
      scopesWhere(db, titlesCasting(thisCharacter(id))),
    ]),
  );
  return { character: updated.length > 0 ? await findCharacter(db, id) : undefined, touched: scopesOf(touched) };
}

/** Deletes a character, and with it (cascade) its cast rows; answers whether it existed and the detail scopes of the titles that cast it. */
export async function deleteCharacter(db: Db, id: string) {
  const [touched, deleted] = await db.batch([
    scopesWhere(db, titlesCasting(thisCharacter(id))),
    db.delete(characters).where(eq(characters.id, id)).returning({ id: characters.id }),
  ]);
  return { deleted: deleted.length > 0, touched: scopesOf(touched) };
}
