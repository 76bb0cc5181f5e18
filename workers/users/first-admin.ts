import { eq } from "drizzle-orm";
import { users } from "../db/schema";
import type { Db } from "../lib/context";
import { log } from "../lib/log";
import { hashPassword } from "../lib/passwords";
import { availableUsername } from "./usernames";
import { createUser } from "./users.queries";

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no account has that email.
 * Called where that email first matters (sign-in and registration), so production needs no
 * seeding step; an existing account is never touched, and a weak or missing password creates nothing.
 */
export async function ensureFirstAdmin(db: Db, env: Env, email: string): Promise<void> {
  const adminEmail = env.ADMIN_EMAIL?.trim().toLowerCase();
  if (!adminEmail || email !== adminEmail) return;
  const password = env.ADMIN_PASSWORD ?? "";
  if (password.length < 10) {
    log.warn("first_admin_skipped", { reason: "ADMIN_PASSWORD is missing or shorter than 10 characters" });
    return;
  }
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, adminEmail)).get();
  if (existing) return;
  try {
    await createUser(db, {
      email: adminEmail,
      username: await availableUsername(db, "admin"),
      name: "Administrator",
      passwordHash: await hashPassword(password),
      role: "admin",
    });
    log.info("first_admin_created", { email: adminEmail });
  } catch (err) {
    // A concurrent request created it first; that is the outcome we wanted.
    if (!(await db.select({ id: users.id }).from(users).where(eq(users.email, adminEmail)).get())) throw err;
  }
}
