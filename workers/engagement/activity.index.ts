import { recordPlayCompleted } from "../analytics/events";
import { favoriteTargets, watchTargets } from "../db/schema";
import { isForeignKeyViolation } from "../lib/constraints";
import type { Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import * as q from "./activity.queries";
import * as routes from "./activity.routes";
import * as writes from "./engagement.writes";
import { resolveProfileId } from "./profile";
import { type ItemKind, pickTarget, resolveItem, summarize, summaryOf, type TargetRef } from "./targets";

type ProgressRow = Awaited<ReturnType<typeof q.listHistory>>[number];

function tripleCursor(cursor: string | undefined): [string, string, string] | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  if (values.length !== 3) throw new ApiError("bad_request", "The cursor is not one this API handed out");
  return values.map(String) as [string, string, string];
}

const refOf = (row: { targetType: ItemKind; targetId: string }): TargetRef<ItemKind> => ({
  type: row.targetType,
  id: row.targetId,
});

async function withSummaries<R extends { targetType: ItemKind; targetId: string }>(db: Db, viewerId: string, rows: R[]) {
  const summaries = await summarize(db, viewerId, rows.map(refOf));
  return (row: R) => summaryOf(summaries, refOf(row));
}

const toProgress = (row: ProgressRow, item: ReturnType<typeof summaryOf>) => ({
  item,
  profileId: row.profileId,
  positionSeconds: row.positionSeconds,
  durationSeconds: row.durationSeconds,
  progress: Math.min(1, row.positionSeconds / row.durationSeconds),
  completed: row.completed,
  updatedAt: row.updatedAt,
});

export const activityRouter = createRouter()
  .openapi(routes.recordView, async (c) => {
    const db = c.get("db");
    const auth = c.get("auth");
    const input = c.req.valid("json");
    const target = pickTarget(watchTargets, input);
    const profileId = await resolveProfileId(db, auth.userId, input.profileId);
    const title = await resolveItem(db, auth, target);
    if (!title) throw new ApiError("not_found", `No such ${target.type}`);
    let recorded: Awaited<ReturnType<typeof writes.recordProgress>>;
    try {
      recorded = await writes.recordProgress(db, c.env, {
        profileId,
        userId: auth.userId,
        target,
        title: { titleType: title.titleType, titleId: title.titleId },
        positionSeconds: input.positionSeconds,
        durationSeconds: input.durationSeconds,
      });
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ApiError("not_found", `No such ${target.type}`);
      throw err;
    }
    const { counted, progress } = recorded;
    if (progress.completed) {
      recordPlayCompleted(c.env, c.executionCtx, {
        userId: auth.userId,
        targetType: target.type,
        targetId: target.id,
        watchedSeconds: input.positionSeconds,
      });
    }
    const summary = await withSummaries(db, auth.userId, [progress]);
    return c.json({ ...toProgress(progress, summary(progress)), counted }, 200);
  })
  .openapi(routes.history, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const query = c.req.valid("query");
    const profileId = await resolveProfileId(db, userId, query.profileId);
    const rows = await q.listHistory(db, profileId, {
      inProgress: query.filter === "in_progress",
      limit: query.limit,
      after: tripleCursor(query.cursor),
    });
    const summary = await withSummaries(db, userId, rows.slice(0, query.limit));
    return c.json(
      page(
        rows,
        query.limit,
        (r) => [r.updatedAt, r.targetType, r.targetId],
        (r) => toProgress(r, summary(r)),
      ),
      200,
    );
  })
  .openapi(routes.removeFromHistory, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const query = c.req.valid("query");
    const profileId = await resolveProfileId(db, userId, query.profileId);
    if (!(await writes.removeFromHistory(db, c.env, userId, profileId, pickTarget(watchTargets, query)))) {
      throw new ApiError("not_found", "That is not in this profile's history");
    }
    return c.body(null, 204);
  })
  .openapi(routes.listFavorites, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const query = c.req.valid("query");
    const profileId = await resolveProfileId(db, userId, query.profileId);
    const rows = await q.listFavorites(db, profileId, query.limit, tripleCursor(query.cursor));
    const summary = await withSummaries(db, userId, rows.slice(0, query.limit));
    return c.json(
      page(
        rows,
        query.limit,
        (r) => [r.createdAt, r.targetType, r.targetId],
        (r) => ({ item: summary(r), profileId: r.profileId, addedAt: r.createdAt }),
      ),
      200,
    );
  })
  .openapi(routes.addFavorite, async (c) => {
    const db = c.get("db");
    const auth = c.get("auth");
    const input = c.req.valid("json");
    const target = pickTarget(favoriteTargets, input);
    const profileId = await resolveProfileId(db, auth.userId, input.profileId);
    const title = await resolveItem(db, auth, target);
    if (!title) throw new ApiError("not_found", `No such ${target.type}`);
    let result: Awaited<ReturnType<typeof writes.addFavorite>>;
    try {
      result = await writes.addFavorite(db, c.env, auth.userId, profileId, target, {
        titleType: title.titleType,
        titleId: title.titleId,
      });
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ApiError("not_found", `No such ${target.type}`);
      throw err;
    }
    if (!result) throw new ApiError("not_found", `No such ${target.type}`);
    const { row, created } = result;
    const summary = await withSummaries(db, auth.userId, [row]);
    const favorite = { item: summary(row), profileId: row.profileId, addedAt: row.createdAt };
    return created ? c.json(favorite, 201, { location: `/api/me/favorites?profileId=${row.profileId}` }) : c.json(favorite, 200);
  })
  .openapi(routes.removeFavorite, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const query = c.req.valid("query");
    const profileId = await resolveProfileId(db, userId, query.profileId);
    const removed = await writes.removeFavorite(db, c.env, userId, profileId, pickTarget(favoriteTargets, query));
    if (!removed) {
      throw new ApiError("not_found", "That is not in this profile's favorites");
    }
    return c.body(null, 204);
  });
