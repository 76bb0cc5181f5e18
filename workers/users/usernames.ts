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
    // At most six digits, so the name stays within the 30 characters a username may have.
    const candidate = attempt === 0 ? base : `${base}${Math.floor(Math.random() * 10 ** Math.min(attempt + 2, 6))}`;
    const taken = await db.select({ id: users.id }).from(users).where(eq(users.username, candidate)).get();
    if (!taken) return candidate;
  }
  return `${base}${crypto.randomUUID().slice(0, 5)}`;
}

/**
 * A free username from an email's local part, without any `+tag`.
 * @example await usernameFromEmail(db, "ada.l+films@example.com") // "ada.l", or "ada.l42" when taken
 */
export function usernameFromEmail(db: Db, email: string): Promise<string> {
  return availableUsername(db, email.split("@")[0].split("+")[0]);
}
