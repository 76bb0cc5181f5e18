import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { decodeCursor, page } from "../lib/pagination";
import { findUserById } from "../users/users.queries";
import { expireLoyaltyPoints } from "./expiry";
import { ensureMembership, insertLedgerEntry, listLedger } from "./ledger.queries";
import * as routes from "./membership.routes";
import { toLedgerEntry } from "./membership.schemas";
import { loyaltyOf } from "./standing";

export const membershipRouter = createRouter()
  .openapi(routes.getLoyalty, async (c) => c.json(await loyaltyOf(c.env, c.get("db"), c.get("auth").userId), 200))
  .openapi(routes.joinLoyalty, async (c) => {
    const db = c.get("db");
    const userId = c.get("auth").userId;
    const created = await ensureMembership(db, userId, nowIso());
    const loyalty = await loyaltyOf(c.env, db, userId);
    c.header("location", "/api/me/loyalty");
    return created.length > 0 ? c.json(loyalty, 201) : c.json(loyalty, 200);
  })
  .openapi(routes.listLedger, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await listLedger(
      c.get("db"),
      c.get("auth").userId,
      limit,
      after ? [String(after[0]), String(after[1])] : undefined,
    );
    return c.json(
      page(rows, limit, (r) => [r.createdAt, r.id], toLedgerEntry),
      200,
    );
  })
  .openapi(routes.getMemberLoyalty, async (c) => {
    const db = c.get("db");
    const userId = c.req.valid("param").id;
    if (!(await findUserById(db, userId))) throw new ApiError("not_found", "No such user");
    return c.json(await loyaltyOf(c.env, db, userId), 200);
  })
  .openapi(routes.adjustPoints, async (c) => {
    const db = c.get("db");
    const userId = c.req.valid("param").id;
    const { points, reason } = c.req.valid("json");
    if (!(await findUserById(db, userId))) throw new ApiError("not_found", "No such user");
    const at = nowIso();
    const [, [entry]] = await db.batch([
      ensureMembership(db, userId, at),
      insertLedgerEntry(db, {
        userId,
        kind: "adjust",
        points,
        sourceKey: `adjust:${newId()}`,
        reason,
        actorId: c.get("auth").userId,
        createdAt: at,
      }),
    ]);
    return c.json(toLedgerEntry(entry), 201, { location: `/api/users/${userId}/loyalty` });
  })
  .openapi(routes.runLoyalty, async (c) => {
    const { now } = c.req.valid("json");
    if (now && c.env.ENVIRONMENT === "production") {
      throw new ApiError("bad_request", "`now` is accepted only outside production");
    }
    return c.json(await expireLoyaltyPoints(c.env, c.executionCtx, now ? new Date(now) : new Date()), 200);
  });
