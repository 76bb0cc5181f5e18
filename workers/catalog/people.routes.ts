import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { PersonDetailSchema, PersonInput, PersonSchema, PersonUpdate } from "./people.schemas";

const tags = ["catalog: people"];
const admin = { tags, security: bearerAuth, middleware: [requireAdmin] };

export const listPeople = createRoute({
  tags,
  method: "get",
  path: "/people",
  summary: "People (cast), by name",
  request: {
    query: PageQuery.extend({
      q: z.string().trim().min(1).max(100).optional().openapi({ description: "Part of the name" }),
    }),
  },
  responses: { 200: jsonResponse(pageOf(PersonSchema), "A page of people"), ...pickErrors(400) },
});

export const getPerson = createRoute({
  tags,
  method: "get",
  path: "/people/{id}",
  summary: "One person, with the characters they play and in which titles",
  request: { params: IdParam },
  responses: { 200: jsonResponse(PersonDetailSchema, "The person"), ...pickErrors(404) },
});

export const createPerson = createRoute({
  ...admin,
  method: "post",
  path: "/people",
  summary: "Add a person (admin)",
  request: { body: jsonBody(PersonInput) },
  responses: { 201: jsonResponse(PersonSchema, "The new person"), ...pickErrors(400, 401, 403) },
});

export const updatePerson = createRoute({
  ...admin,
  method: "patch",
  path: "/people/{id}",
  summary: "Change a person (admin)",
  request: { params: IdParam, body: jsonBody(PersonUpdate) },
  responses: { 200: jsonResponse(PersonSchema, "The changed person"), ...pickErrors(400, 401, 403, 404) },
});

export const deletePerson = createRoute({
  ...admin,
  method: "delete",
  path: "/people/{id}",
  summary: "Delete a person who plays no character (admin)",
  description: "Someone still playing characters answers 409 with `count`, the number of those characters.",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 403, 404, 409) },
});
