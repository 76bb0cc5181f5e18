import { createRouter } from "../lib/create-app";
import { activityRouter } from "./activity.index";
import { commentsRouter } from "./comments.index";
import { likesRouter } from "./likes.index";
import { playlistsRouter } from "./playlists.index";
import { recommendationsRouter } from "./recommendations.index";
import { reviewsRouter } from "./reviews.index";
import { trendingRouter } from "./trending.index";

/** Every engagement route: likes, comments, playlists, views and history, favorites, reviews, trending, recommendations. */
export const engagementRouter = createRouter()
  .route("/", likesRouter)
  .route("/", activityRouter)
  .route("/", commentsRouter)
  .route("/", playlistsRouter)
  .route("/", reviewsRouter)
  .route("/", trendingRouter)
  .route("/", recommendationsRouter);
