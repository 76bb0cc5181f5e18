import { createRouter } from "../lib/create-app";
import { activityRouter } from "./activity.index";
import { adminReviewsRouter } from "./admin-reviews.index";
import { commentsRouter } from "./comments.index";
import { likesRouter } from "./likes.index";
import { playlistsRouter } from "./playlists.index";
import { recommendationsRouter } from "./recommendations.index";
import { reviewsRouter } from "./reviews.index";
import { titlePagesRouter } from "./title-pages.index";
import { trendingRouter } from "./trending.index";

/**
 * Every engagement route: likes, comments, playlists, views and history, favorites, reviews, trending,
 * recommendations, and the catalog's title pages with their likes (title-pages.index.ts).
 */
export const engagementRouter = createRouter()
  .route("/", titlePagesRouter)
  .route("/", likesRouter)
  .route("/", activityRouter)
  .route("/", commentsRouter)
  .route("/", playlistsRouter)
  .route("/", reviewsRouter)
  .route("/", adminReviewsRouter)
  .route("/", trendingRouter)
  .route("/", recommendationsRouter);
