import type { DrizzleD1Database } from "drizzle-orm/d1";
import type * as schema from "../db/schema";
import type { Role } from "../db/schema";
import type { SessionUser } from "./sessions.contract";

export type Db = DrizzleD1Database<typeof schema>;

export interface AuthContext {
  userId: string;
  role: Role;
  sessionId: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    db: Db;
    auth: AuthContext;
    /** The caller as of their last change, from their session Durable Object; null if not cached yet. */
    sessionUser: SessionUser | null;
    /** Set once this request has written its audit entry (lib/audit.ts), so the catch-all writes none. */
    audited: boolean;
  };
}

/** What background work needs from a request or event context: `c.executionCtx`, a cron's `ctx`. */
export type WaitUntil = { waitUntil(promise: Promise<unknown>): void };
