import { audit } from "../lib/audit";
import { isForeignKeyViolation } from "../lib/constraints";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import * as q from "./admin-reviews.queries";
import * as routes from "./admin-reviews.routes";
import { toReview } from "./reviews.index";

const NOT_FOUND = "No such review";

export const toAdminReview = (r: q.AdminReviewRow) => {
  const review = toReview(r);
  return { ...review, author: { ...review.author, email: r.email }, movieTitle: r.movie_title, reportCount: r.report_count };
};

export const adminReviewsRouter = createRouter()
  .openapi(routes.reportReview, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const { id } = c.req.valid("param");
    const author = await q.reviewAuthor(db, id);
    if (!author) throw new ApiError("not_found", NOT_FOUND);
    if (author.userId === userId) throw new ApiError("unprocessable", "You cannot report your own review");
    let result: Awaited<ReturnType<typeof q.reportReview>>;
    try {
      result = await q.reportReview(db, id, userId, c.req.valid("json").reason);
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ApiError("not_found", NOT_FOUND);
      throw err;
    }
    if (!result) throw new ApiError("not_found", NOT_FOUND);
    const { report, created } = result;
    const body = { id: report.reviewId, reason: report.reason, createdAt: report.createdAt };
    return created ? c.json(body, 201, { location: `/api/reviews/${id}/report` }) : c.json(body, 200);
  })
  .openapi(routes.listAllReviews, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await q.listAllReviews(c.get("db"), filter, limit, after ? String(after[0]) : undefined);
    return c.json(
      page(rows, limit, (r) => [r.id], toAdminReview),
      200,
    );
  })
  .openapi(routes.removeReview, async (c) => {
    const { id } = c.req.valid("param");
    const removed = await q.removeReview(c.get("db"), id);
    if (!removed) throw new ApiError("not_found", NOT_FOUND);
    await audit(c, {
      action: "review.removed",
      targetType: "review",
      targetId: id,
      detail: { movieId: removed.movieId, authorId: removed.userId, rating: removed.rating, reportCount: removed.reportCount },
    });
    return c.body(null, 204);
  })
  .openapi(routes.userReviews, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    if (!(await q.userExists(db, id))) throw new ApiError("not_found", "No such user");
    const after = decodeCursor(cursor);
    const rows = await q.listAllReviews(db, { userId: id }, limit, after ? String(after[0]) : undefined);
    return c.json(
      page(rows, limit, (r) => [r.id], toAdminReview),
      200,
    );
  });
