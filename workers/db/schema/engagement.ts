import { type SQL, sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { episodes, movies, series } from "./catalog";
import { mediaItems } from "./media";
import { profiles, users } from "./users";

// Engagement points at catalog titles and users' media. Each table keeps a uniform
// (target_type, target_id) pair for its queries and indexes, plus one nullable foreign key
// per kind so the database refuses a dangling target and cascades a deleted title away;
// a CHECK keeps exactly one of them set and equal to target_id.

export const likeTargets = ["movie", "series", "episode", "media", "comment"] as const;
export type LikeTarget = (typeof likeTargets)[number];
export const commentTargets = ["movie", "series", "episode", "media"] as const;
export type CommentTarget = (typeof commentTargets)[number];
export const watchTargets = ["movie", "episode", "media"] as const;
export type WatchTarget = (typeof watchTargets)[number];
export const favoriteTargets = ["movie", "series", "episode"] as const;
export type FavoriteTarget = (typeof favoriteTargets)[number];
/** The unit trending and recommendations count in: an episode counts for its series. */
export const titleTypes = ["movie", "series", "media"] as const;
export type TitleType = (typeof titleTypes)[number];

const movieRef = () => text("movie_id").references(() => movies.id, { onDelete: "cascade" });
const seriesRef = () => text("series_id").references(() => series.id, { onDelete: "cascade" });
const episodeRef = () => text("episode_id").references(() => episodes.id, { onDelete: "cascade" });
const mediaRef = () => text("media_id").references(() => mediaItems.id, { onDelete: "cascade" });

/** CHECK: exactly one of `refs` is set, and it is target_id. */
function oneTarget(name: string, refs: string[]) {
  const set = sql.raw(refs.map((r) => `(${r} IS NOT NULL)`).join(" + "));
  const value = sql.raw(`coalesce(${refs.join(", ")})`);
  return check(name, sql`${set} = 1 AND target_id = ${value}` as SQL);
}

export const commentStatuses = ["visible", "pending", "hidden", "removed"] as const;
export type CommentStatus = (typeof commentStatuses)[number];

export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: commentTargets }).notNull(),
    targetId: text("target_id").notNull(),
    movieId: movieRef(),
    seriesId: seriesRef(),
    episodeId: episodeRef(),
    mediaId: mediaRef(),
    parentId: text("parent_id").references((): AnySQLiteColumn => comments.id, { onDelete: "cascade" }),
    // The top-level comment of the thread (itself for a top-level one): one index read loads a thread.
    rootId: text("root_id").notNull(),
    depth: integer("depth").notNull().default(0),
    body: text("body").notNull(),
    status: text("status", { enum: commentStatuses }).notNull().default("visible"),
    likeCount: integer("like_count").notNull().default(0),
    reportCount: integer("report_count").notNull().default(0),
    editedAt: text("edited_at"),
    deletedAt: text("deleted_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("comments_target_new_idx").on(t.targetType, t.targetId, t.depth, t.id),
    index("comments_target_top_idx").on(t.targetType, t.targetId, t.depth, t.likeCount, t.id),
    index("comments_root_idx").on(t.rootId, t.id),
    index("comments_status_idx").on(t.status, t.id),
    oneTarget("comments_one_target", ["movie_id", "series_id", "episode_id", "media_id"]),
  ],
);

export const commentReports = sqliteTable(
  "comment_reports",
  {
    commentId: text("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

export const commentPolicies = ["enabled", "disabled", "requires_approval"] as const;
export type CommentPolicy = (typeof commentPolicies)[number];

/** A title's comments policy; no row means `enabled`. */
export const commentSettings = sqliteTable(
  "comment_settings",
  {
    targetType: text("target_type", { enum: commentTargets }).notNull(),
    targetId: text("target_id").notNull(),
    movieId: movieRef(),
    seriesId: seriesRef(),
    episodeId: episodeRef(),
    mediaId: mediaRef(),
    policy: text("policy", { enum: commentPolicies }).notNull(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.targetType, t.targetId] }),
    oneTarget("comment_settings_one_target", ["movie_id", "series_id", "episode_id", "media_id"]),
  ],
);

export const likes = sqliteTable(
  "likes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: likeTargets }).notNull(),
    targetId: text("target_id").notNull(),
    movieId: movieRef(),
    seriesId: seriesRef(),
    episodeId: episodeRef(),
    mediaId: mediaRef(),
    commentId: text("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.targetType, t.targetId] }),
    index("likes_target_idx").on(t.targetType, t.targetId),
    oneTarget("likes_one_target", ["movie_id", "series_id", "episode_id", "media_id", "comment_id"]),
  ],
);

export const playlistVisibilities = ["private", "unlisted", "public"] as const;
export type PlaylistVisibility = (typeof playlistVisibilities)[number];

export const playlists = sqliteTable(
  "playlists",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    visibility: text("visibility", { enum: playlistVisibilities }).notNull().default("private"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("playlists_user_idx").on(t.userId, t.id), index("playlists_visibility_idx").on(t.visibility, t.id)],
);

export const playlistItems = sqliteTable(
  "playlist_items",
  {
    id: text("id").primaryKey(),
    playlistId: text("playlist_id")
      .notNull()
      .references(() => playlists.id, { onDelete: "cascade" }),
    // 0..n-1 with no gaps: every write renumbers in the same transaction (see playlists.queries.ts).
    position: integer("position").notNull(),
    targetType: text("target_type", { enum: commentTargets }).notNull(),
    targetId: text("target_id").notNull(),
    movieId: movieRef(),
    seriesId: seriesRef(),
    episodeId: episodeRef(),
    mediaId: mediaRef(),
    addedAt: text("added_at").notNull(),
  },
  (t) => [
    uniqueIndex("playlist_items_target_unique").on(t.playlistId, t.targetType, t.targetId),
    index("playlist_items_position_idx").on(t.playlistId, t.position, t.id),
    oneTarget("playlist_items_one_target", ["movie_id", "series_id", "episode_id", "media_id"]),
  ],
);

export const favorites = sqliteTable(
  "favorites",
  {
    profileId: text("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: favoriteTargets }).notNull(),
    targetId: text("target_id").notNull(),
    movieId: movieRef(),
    seriesId: seriesRef(),
    episodeId: episodeRef(),
    titleType: text("title_type", { enum: titleTypes }).notNull(),
    titleId: text("title_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.profileId, t.targetType, t.targetId] }),
    index("favorites_profile_created_idx").on(t.profileId, t.createdAt),
    index("favorites_title_idx").on(t.titleType, t.titleId, t.createdAt),
    oneTarget("favorites_one_target", ["movie_id", "series_id", "episode_id"]),
  ],
);

/** Where a profile is in each thing it watches: one row per (profile, target), for "continue watching". */
export const watchProgress = sqliteTable(
  "watch_progress",
  {
    profileId: text("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: watchTargets }).notNull(),
    targetId: text("target_id").notNull(),
    movieId: movieRef(),
    episodeId: episodeRef(),
    mediaId: mediaRef(),
    titleType: text("title_type", { enum: titleTypes }).notNull(),
    titleId: text("title_id").notNull(),
    positionSeconds: real("position_seconds").notNull(),
    durationSeconds: real("duration_seconds").notNull(),
    completed: integer("completed", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.profileId, t.targetType, t.targetId] }),
    index("watch_progress_profile_updated_idx").on(t.profileId, t.updatedAt),
    index("watch_progress_title_idx").on(t.titleType, t.titleId, t.updatedAt),
    index("watch_progress_user_title_idx").on(t.userId, t.titleType, t.titleId),
    oneTarget("watch_progress_one_target", ["movie_id", "episode_id", "media_id"]),
  ],
);

/** One row per counted view (past 10 s, at most once per profile and target in VIEW_WINDOW); trending reads these. */
export const views = sqliteTable(
  "views",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    profileId: text("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: watchTargets }).notNull(),
    targetId: text("target_id").notNull(),
    movieId: movieRef(),
    episodeId: episodeRef(),
    mediaId: mediaRef(),
    titleType: text("title_type", { enum: titleTypes }).notNull(),
    titleId: text("title_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("views_created_idx").on(t.createdAt, t.titleType, t.titleId),
    index("views_profile_target_idx").on(t.profileId, t.targetType, t.targetId, t.createdAt),
    // "Watched it" for verified reviews.
    index("views_user_title_idx").on(t.userId, t.titleType, t.titleId),
    oneTarget("views_one_target", ["movie_id", "episode_id", "media_id"]),
  ],
);

export const reviews = sqliteTable(
  "reviews",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    movieId: text("movie_id")
      .notNull()
      .references(() => movies.id, { onDelete: "cascade" }),
    rating: integer("rating").notNull(),
    body: text("body"),
    reportCount: integer("report_count").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("reviews_user_movie_unique").on(t.userId, t.movieId),
    index("reviews_movie_idx").on(t.movieId, t.id),
    check("reviews_rating_range", sql`rating BETWEEN 1 AND 5`),
  ],
);

/** One report per person per review; `reviews.report_count` counts them for moderation. */
export const reviewReports = sqliteTable(
  "review_reports",
  {
    reviewId: text("review_id")
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId] })],
);
