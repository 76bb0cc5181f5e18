import { createRoute } from "@hono/zod-openapi";
import { optionalAuth, requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import {
  PlaylistInputSchema,
  PlaylistItemInputSchema,
  PlaylistItemParams,
  PlaylistItemSchema,
  PlaylistListQuery,
  PlaylistSchema,
  PlaylistUpdateSchema,
  ReorderSchema,
} from "./playlists.schemas";

const tags = ["social"];
const authed = { security: bearerAuth, middleware: [requireAuth()], tags };
const readable = { security: bearerAuth, middleware: [optionalAuth], tags };

export const createPlaylist = createRoute({
  ...authed,
  method: "post",
  path: "/playlists",
  summary: "Create a playlist",
  request: { body: jsonBody(PlaylistInputSchema) },
  responses: { 201: jsonResponse(PlaylistSchema, "The playlist"), ...pickErrors(400, 401) },
});

export const listPlaylists = createRoute({
  ...authed,
  method: "get",
  path: "/playlists",
  summary: "Your playlists, or someone's public ones (`?userId=`), newest first",
  request: { query: PlaylistListQuery },
  responses: { 200: jsonResponse(pageOf(PlaylistSchema), "Playlists"), ...pickErrors(400, 401) },
});

export const getPlaylist = createRoute({
  ...readable,
  method: "get",
  path: "/playlists/{id}",
  summary: "A playlist (public and unlisted ones are readable without signing in)",
  request: { params: IdParam },
  responses: { 200: jsonResponse(PlaylistSchema, "The playlist"), ...pickErrors(401, 404) },
});

export const updatePlaylist = createRoute({
  ...authed,
  method: "patch",
  path: "/playlists/{id}",
  summary: "Rename, describe or change the visibility of your playlist",
  request: { params: IdParam, body: jsonBody(PlaylistUpdateSchema) },
  responses: { 200: jsonResponse(PlaylistSchema, "The playlist"), ...pickErrors(400, 401, 404) },
});

export const deletePlaylist = createRoute({
  ...authed,
  method: "delete",
  path: "/playlists/{id}",
  summary: "Delete your playlist",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 404) },
});

export const listItems = createRoute({
  ...readable,
  method: "get",
  path: "/playlists/{id}/items",
  summary: "A playlist's items in order, each with a summary of what it points to",
  request: { params: IdParam, query: PageQuery },
  responses: { 200: jsonResponse(pageOf(PlaylistItemSchema), "Items"), ...pickErrors(400, 401, 404) },
});

export const addItem = createRoute({
  ...authed,
  method: "post",
  path: "/playlists/{id}/items",
  summary: "Add a movie, series, episode or media item to your playlist",
  request: { params: IdParam, body: jsonBody(PlaylistItemInputSchema) },
  responses: { 201: jsonResponse(PlaylistItemSchema, "The new item"), ...pickErrors(400, 401, 404, 409, 422) },
});

export const reorderItems = createRoute({
  ...authed,
  method: "patch",
  path: "/playlists/{id}/items",
  summary: "Reorder your playlist",
  request: { params: IdParam, body: jsonBody(ReorderSchema) },
  responses: { 200: jsonResponse(pageOf(PlaylistItemSchema), "Every item in the new order"), ...pickErrors(400, 401, 404, 409) },
});

export const removeItem = createRoute({
  ...authed,
  method: "delete",
  path: "/playlists/{id}/items/{itemId}",
  summary: "Remove an item from your playlist",
  request: { params: PlaylistItemParams },
  responses: { 204: { description: "Removed" }, ...pickErrors(401, 404) },
});
