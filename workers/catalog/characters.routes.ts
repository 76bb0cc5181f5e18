import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { CharacterInput, CharacterSchema, CharacterUpdate } from "./characters.schemas";

const tags = ["catalog: characters"];
const admin = { tags, security: bearerAuth, middleware: [requireAdmin] };

export const listCharacters = createRoute({
  tags,
  method: "get",
  path: "/characters",
  summary: "Characters, by name",
  request: {
    query: PageQuery.extend({
      person: z.string().min(1).max(64).optional().openapi({ description: "Only those played by this person" }),
    }),
  },
  responses: { 200: jsonResponse(pageOf(CharacterSchema), "A page of characters"), ...pickErrors(400) },
});

export const getCharacter = createRoute({
  tags,
  method: "get",
  path: "/characters/{id}",
  summary: "One character",
  request: { params: IdParam },
  responses: { 200: jsonResponse(CharacterSchema, "The character"), ...pickErrors(404) },
});

export const createCharacter = createRoute({
  ...admin,
  method: "post",
  path: "/characters",
  summary: "Add a character played by a person (admin)",
  request: { body: jsonBody(CharacterInput) },
  responses: { 201: jsonResponse(CharacterSchema, "The new character"), ...pickErrors(400, 401, 403, 422) },
});

export const updateCharacter = createRoute({
  ...admin,
  method: "patch",
  path: "/characters/{id}",
  summary: "Rename or recast a character (admin)",
  request: { params: IdParam, body: jsonBody(CharacterUpdate) },
  responses: { 200: jsonResponse(CharacterSchema, "The changed character"), ...pickErrors(400, 401, 403, 404, 422) },
});

export const deleteCharacter = createRoute({
  ...admin,
  method: "delete",
  path: "/characters/{id}",
  summary: "Delete a character, and take it out of every cast (admin)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404) },
});
