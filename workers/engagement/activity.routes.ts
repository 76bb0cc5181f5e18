import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { pageOf } from "../lib/pagination";
import {
  FavoriteDeleteQuery,
  FavoriteInputSchema,
  FavoriteSchema,
  FavoritesQuery,
  HistoryDeleteQuery,
  HistoryQuery,
  ProgressSchema,
  ViewInputSchema,
  ViewResultSchema,
} from "./activity.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["activity"] };

export const recordView = createRoute({
  ...authed,
  method: "post",
  path: "/views",
  summary: "Report watch progress",
  description:
    "Players call this every few seconds. It keeps the resume position per profile; the first report past 10 s counts a view (once per profile and item within 6 hours). Watched to 90 % the item is finished.",
  request: { body: jsonBody(ViewInputSchema) },
  responses: { 200: jsonResponse(ViewResultSchema, "Progress saved"), ...pickErrors(400, 401, 404) },
});

export const history = createRoute({
  ...authed,
  method: "get",
  path: "/me/history",
  summary: "Watch history with resume positions, most recent first",
  request: { query: HistoryQuery },
  responses: { 200: jsonResponse(pageOf(ProgressSchema), "History"), ...pickErrors(400, 401, 404) },
});

export const removeFromHistory = createRoute({
  ...authed,
  method: "delete",
  path: "/me/history",
  summary:
    "Remove a movie, episode or media item from a profile's history (`?movieId=` / `episodeId=` / `mediaId=`, optional `profileId=`)",
  description:
    "Forgets the resume position, so the item leaves history and continue watching, and recommendations no longer count it. View counts stay as they were.",
  request: { query: HistoryDeleteQuery },
  responses: { 204: { description: "Removed" }, ...pickErrors(400, 401, 404) },
});

export const listFavorites = createRoute({
  ...authed,
  method: "get",
  path: "/me/favorites",
  summary: "A profile's favorites, newest first",
  request: { query: FavoritesQuery },
  responses: { 200: jsonResponse(pageOf(FavoriteSchema), "Favorites"), ...pickErrors(400, 401, 404) },
});

export const addFavorite = createRoute({
  ...authed,
  method: "post",
  path: "/me/favorites",
  summary: "Add a movie, series or episode to a profile's favorites",
  request: { body: jsonBody(FavoriteInputSchema) },
  responses: {
    201: jsonResponse(FavoriteSchema, "Added"),
    200: jsonResponse(FavoriteSchema, "Already a favorite"),
    ...pickErrors(400, 401, 404),
  },
});

export const removeFavorite = createRoute({
  ...authed,
  method: "delete",
  path: "/me/favorites",
  summary: "Remove a favorite (`?movieId=` / `seriesId=` / `episodeId=`, optional `profileId=`)",
  request: { query: FavoriteDeleteQuery },
  responses: { 204: { description: "Removed" }, ...pickErrors(400, 401, 404) },
});
