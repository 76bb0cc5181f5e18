import { isForeignKeyViolation } from "../lib/constraints";
import type { Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { escapeHtml } from "../lib/html";
import { decodeCursor, page } from "../lib/pagination";
import { isModerator } from "./comments.queries";
import * as q from "./reviews.queries";
import * as routes from "./reviews.routes";
import { resolveItem } from "./targets";

const NOT_FOUND = "No such review";

export const toReview = (r: q.ReviewRow) => ({
  id: r.id,
  movieId: r.movie_id,
  author: { id: r.user_id, username: r.username, name: r.name, avatarUrl: r.avatar_url },
  rating: r.rating,
  body: r.body === null ? null : escapeHtml(r.body),
  verified: r.verified === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

async function existingMovie(db: Db, id: string) {
  if (!(await resolveItem(db, undefined, { type: "movie", id }))) throw new ApiError("not_found", "No such movie");
}

export const reviewsRouter = createRouter()
  .openapi(routes.createReview, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const input = c.req.valid("json");
    let id: string;
    try {
      id = await q.insertReview(db, userId, input);
    } catch (err) {
      if (isUniqueViolation(err, "reviews."))
        throw new ApiError("conflict", "You already reviewed this movie; PATCH your review to change it");
      if (isForeignKeyViolation(err)) throw new ApiError("not_found", "No such movie");
      throw err;
    }
    const row = await q.findReview(db, id);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toReview(row), 201, { location: `/api/reviews/${row.id}` });
  })
  .openapi(routes.updateReview, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    if (!(await q.updateReview(db, id, c.get("auth").userId, c.req.valid("json")))) throw new ApiError("not_found", NOT_FOUND);
    const row = await q.findReview(db, id);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toReview(row), 200);
  })
  .openapi(routes.deleteReview, async (c) => {
    const auth = c.get("auth");
    const removed = await q.deleteReview(c.get("db"), c.req.valid("param").id, isModerator(auth) ? undefined : auth.userId);
    if (!removed) throw new ApiError("not_found", NOT_FOUND);
    return c.body(null, 204);
  })
  .openapi(routes.listReviews, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const { sort, limit, cursor } = c.req.valid("query");
    await existingMovie(db, id);
    const after = decodeCursor(cursor);
    if (after && after.length !== (sort === "new" ? 1 : 2))
      throw new ApiError("bad_request", "The cursor is not one this API handed out");
    const rows = await q.listReviews(db, id, sort, limit, after);
    return c.json(
      page(rows, limit, (r) => (sort === "new" ? [r.id] : [r.rating, r.id]), toReview),
      200,
    );
  })
  .openapi(routes.reviewStats, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    await existingMovie(db, id);
    return c.json(await q.reviewStats(db, id), 200);
  });
