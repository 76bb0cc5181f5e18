import * as movieRoutes from "../catalog/movies.routes";
import * as seasonRoutes from "../catalog/seasons.routes";
import * as seriesRoutes from "../catalog/series.routes";
import { cachedTitleDetail, findEpisode } from "../catalog/title-details";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { withLikeCount, withLikes, withMyLike } from "./detail-likes";

/**
 * The title pages: `GET /movies/{id}`, `/series/{id}` and `/episodes/{id}`, each the catalog's
 * detail with the title's likes (`likeCount`, `likedByMe`).
 *
 * Domains depend one way: engagement → catalog. Engagement is about catalog titles (likes,
 * comments, views, favorites point at them), while the catalog knows nothing of likes. So a page
 * that needs both is composed here, the one module that depends on both, and nowhere else: the
 * catalog declares these routes (its *.routes.ts) and answers the cached detail
 * (`cachedTitleDetail`); this module adds the likes and serves them. A like bumps the title's
 * cached detail through the catalog's `titleDetailChanged` (engagement.writes.ts).
 */
export const titlePagesRouter = createRouter()
  .openapi(movieRoutes.getMovie, async (c) => {
    const { id } = c.req.valid("param");
    const db = c.get("db");
    const cached = await cachedTitleDetail(c, "movie", id, (movie) => withLikeCount(db, "movie", id, movie));
    if (!cached) throw new ApiError("not_found", "No such movie");
    return withMyLike(c, "movie", id, cached);
  })
  .openapi(seriesRoutes.getSeries, async (c) => {
    const { id } = c.req.valid("param");
    const db = c.get("db");
    const cached = await cachedTitleDetail(c, "series", id, (series) => withLikeCount(db, "series", id, series));
    if (!cached) throw new ApiError("not_found", "No such series");
    return withMyLike(c, "series", id, cached);
  })
  .openapi(seasonRoutes.getEpisode, async (c) => {
    const episode = await findEpisode(c.get("db"), c.req.valid("param").id);
    if (!episode) throw new ApiError("not_found", "No such episode");
    return withLikes(c, "episode", episode.id, episode);
  });
