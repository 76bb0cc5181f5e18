import { z } from "@hono/zod-openapi";
import { and, eq, lte } from "drizzle-orm";
import { idempotencyKeys } from "../db/schema";
import type { Db } from "./context";
import { ApiError, type ProblemCode } from "./errors";
import { nowIso, sha256 } from "./ids";

/** How long a request owns a key before a retry may assume it died and take over. */
export const IDEMPOTENCY_LEASE_MS = 30_000;
const POLL_MS = 50;

/** The `Idempotency-Key` header, for a route's `request.headers`. */
export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(8)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, "Use printable ASCII without spaces")
    .openapi({
      description: "A unique key per intended write (a UUID); a retry with the same key returns the first result",
      example: "6f1c2a4e-8d0b-4f57-9a3e-2b7c1d9e0f11",
    }),
});

type Outcome =
  | { kind: "ok"; status: number; body: unknown }
  | { kind: "problem"; code: ProblemCode; detail: string; extra: Record<string, unknown> };

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function replay<T>(outcome: Outcome): IdempotentResult<T> {
  if (outcome.kind === "problem") throw new ApiError(outcome.code, outcome.detail, outcome.extra);
  return { status: outcome.status, body: outcome.body as T, replayed: true };
}

/**
 * Runs `run` at most once to completion per (user, key): a repeat gets the stored result (a
 * problem is replayed as the same problem), a concurrent repeat waits for the first to finish,
 * and a repeat after the first request died (its lease ran out) runs `run` again — so `run`
 * must itself be safe to resume (see the order flow). The same key with a different request
 * is refused with 422. Unexpected errors are not stored: the next retry runs again.
 * @example const { status, body } = await idempotent(db, { userId, key, request: input }, () => placeOrder(...))
 */
export async function idempotent<T>(
  db: Db,
  opts: { userId: string; key: string; request: unknown },
  run: () => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const { userId, key } = opts;
  const requestHash = await sha256(JSON.stringify(opts.request));
  const where = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));
  const deadline = Date.now() + IDEMPOTENCY_LEASE_MS + 5_000;

  for (;;) {
    const now = Date.now();
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ userId, key, requestHash, status: "pending", leaseUntil: now + IDEMPOTENCY_LEASE_MS, createdAt: nowIso() })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const row = await db.select().from(idempotencyKeys).where(where).get();
      if (!row) continue;
      if (row.requestHash !== requestHash) {
        throw new ApiError("unprocessable", "This Idempotency-Key was already used for a different request; use a new key");
      }
      if (row.status === "done") return replay<T>(row.response as Outcome);
      if (row.leaseUntil > now) {
        if (Date.now() > deadline)
          throw new ApiError("conflict", "A request with this Idempotency-Key is still running; retry shortly");
        await sleep(POLL_MS);
        continue;
      }
      // The request that held the key is gone: take it over, unless another retry just did.
      const taken = await db
        .update(idempotencyKeys)
        .set({ leaseUntil: now + IDEMPOTENCY_LEASE_MS })
        .where(and(where, eq(idempotencyKeys.status, "pending"), lte(idempotencyKeys.leaseUntil, row.leaseUntil)))
        .returning({ key: idempotencyKeys.key });
      if (taken.length === 0) continue;
    }

    let outcome: Outcome;
    try {
      const result = await run();
      outcome = { kind: "ok", status: result.status, body: result.body };
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) {
        const { headers: _headers, ...extra } = err.extra;
        outcome = { kind: "problem", code: err.code, detail: err.detail, extra };
      } else {
        await db.update(idempotencyKeys).set({ leaseUntil: 0 }).where(where);
        throw err;
      }
    }
    await db.update(idempotencyKeys).set({ status: "done", response: outcome, leaseUntil: 0 }).where(where);
    if (outcome.kind === "problem") return replay<T>(outcome);
    return { status: outcome.status, body: outcome.body as T, replayed: false };
  }
}
