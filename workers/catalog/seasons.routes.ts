import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { EpisodeInput, EpisodeUpdate, SeasonDetailSchema, SeasonInput, SeasonUpdate } from "./seasons.schemas";
import { EpisodeSchema, SeasonSchema } from "./titles.schemas";

const tags = ["catalog: seasons and episodes"];
const admin = { tags, security: bearerAuth, middleware: [requireAdmin] };
const all = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.null() });

export const listSeasons = createRoute({
  tags,
  method: "get",
  path: "/series/{id}/seasons",
  summary: "A series' seasons, in order",
  request: { params: IdParam },
  responses: { 200: jsonResponse(all(SeasonSchema), "Every season (no further pages)"), ...pickErrors(404) },
});

export const createSeason = createRoute({
  ...admin,
  method: "post",
  path: "/series/{id}/seasons",
  summary: "Add a season to a series (admin)",
  description: "Season numbers are unique within a series (409).",
  request: { params: IdParam, body: jsonBody(SeasonInput) },
  responses: { 201: jsonResponse(SeasonSchema, "The new season"), ...pickErrors(400, 401, 403, 404, 409) },
});

export const getSeason = createRoute({
  tags,
  method: "get",
  path: "/seasons/{id}",
  summary: "One season, with its episodes",
  request: { params: IdParam },
  responses: { 200: jsonResponse(SeasonDetailSchema, "The season"), ...pickErrors(404) },
});

export const updateSeason = createRoute({
  ...admin,
  method: "patch",
  path: "/seasons/{id}",
  summary: "Change a season (admin)",
  request: { params: IdParam, body: jsonBody(SeasonUpdate) },
  responses: { 200: jsonResponse(SeasonSchema, "The changed season"), ...pickErrors(400, 401, 403, 404, 409) },
});

export const deleteSeason = createRoute({
  ...admin,
  method: "delete",
  path: "/seasons/{id}",
  summary: "Delete a season and its episodes (admin)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404) },
});

export const listEpisodes = createRoute({
  tags,
  method: "get",
  path: "/seasons/{id}/episodes",
  summary: "A season's episodes, in order",
  request: { params: IdParam },
  responses: { 200: jsonResponse(all(EpisodeSchema), "Every episode (no further pages)"), ...pickErrors(404) },
});

export const createEpisode = createRoute({
  ...admin,
  method: "post",
  path: "/seasons/{id}/episodes",
  summary: "Add an episode to a season (admin)",
  description: "Episode numbers are unique within a season (409).",
  request: { params: IdParam, body: jsonBody(EpisodeInput) },
  responses: { 201: jsonResponse(EpisodeSchema, "The new episode"), ...pickErrors(400, 401, 403, 404, 409) },
});

/** Served by engagement/title-pages.index.ts, which adds the episode's likes. */
export const getEpisode = createRoute({
  tags,
  method: "get",
  path: "/episodes/{id}",
  summary: "One episode",
  request: { params: IdParam },
  responses: { 200: jsonResponse(EpisodeSchema, "The episode"), ...pickErrors(404) },
});

export const updateEpisode = createRoute({
  ...admin,
  method: "patch",
  path: "/episodes/{id}",
  summary: "Change an episode (admin)",
  request: { params: IdParam, body: jsonBody(EpisodeUpdate) },
  responses: { 200: jsonResponse(EpisodeSchema, "The changed episode"), ...pickErrors(400, 401, 403, 404, 409) },
});

export const deleteEpisode = createRoute({
  ...admin,
  method: "delete",
  path: "/episodes/{id}",
  summary: "Delete an episode (admin)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404) },
});
