import { eq } from "drizzle-orm";
import { users } from "../db/schema";
import type { Db } from "../lib/context";

/** A free username made from `seed` (an email's local part, say), for accounts not created by a form. */
export async function availableUsername(db: Db, seed: string): Promise<string> {
  const base = (
    seed
      .toLowerCase()
      .replace(/[^a-z0-9_.]/g, "")
      .slice(0, 24) || "user"
  ).padEnd(3, "0");
  for (let attempt = 0; attempt < 8; attempt++) {
    const candidate = attempt === 0 ? base : `${base}${Math.floor(Math.random() * 10 ** (attempt + 2))}`;
    const taken = await db.select({ id: users.id }).from(users).where(eq(users.username, candidate)).get();
    if (!taken) return candidate;
  }
  return `${base}${crypto.randomUUID().slice(0, 5)}`;
}
