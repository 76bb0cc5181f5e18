import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { pickErrors } from "../lib/errors";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { AvatarUrl } from "./users.schemas";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["profiles"] };

export const ProfileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    avatarUrl: z.string().nullable(),
    kids: z.boolean(),
    language: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Profile");

const ProfileName = z.string().trim().min(1).max(50).openapi({ example: "Kids" });
const Language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "A language tag such as en, es or pt-BR")
  .openapi({ example: "pt-BR" });

const ProfileCreate = z
  .object({
    name: ProfileName,
    avatarUrl: AvatarUrl.default(null),
    kids: z.boolean().default(false),
    language: Language.default("en"),
  })
  .openapi("ProfileCreate");

const ProfileUpdate = z
  .object({ name: ProfileName, avatarUrl: AvatarUrl, kids: z.boolean(), language: Language })
  .partial()
  .refine((body) => Object.keys(body).length > 0, "Send at least one field to change")
  .openapi("ProfileUpdate");

const ProfileIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const listProfiles = createRoute({
  ...authed,
  method: "get",
  path: "/me/profiles",
  summary: "The account's viewer profiles",
  responses: {
    200: jsonResponse(z.object({ items: z.array(ProfileSchema), nextCursor: z.null() }), "Profiles, oldest first"),
    ...pickErrors(401),
  },
});

export const createProfile = createRoute({
  ...authed,
  method: "post",
  path: "/me/profiles",
  summary: "Add a viewer profile",
  description: "An account has at most 5 profiles, with distinct names.",
  request: { body: jsonBody(ProfileCreate) },
  responses: { 201: jsonResponse(ProfileSchema, "The new profile"), ...pickErrors(400, 401, 409) },
});

export const getProfile = createRoute({
  ...authed,
  method: "get",
  path: "/me/profiles/{id}",
  summary: "One of the account's profiles",
  request: { params: ProfileIdParam },
  responses: { 200: jsonResponse(ProfileSchema, "The profile"), ...pickErrors(401, 404) },
});

export const patchProfile = createRoute({
  ...authed,
  method: "patch",
  path: "/me/profiles/{id}",
  summary: "Change a profile",
  request: { params: ProfileIdParam, body: jsonBody(ProfileUpdate) },
  responses: { 200: jsonResponse(ProfileSchema, "The updated profile"), ...pickErrors(400, 401, 404, 409) },
});

export const deleteProfile = createRoute({
  ...authed,
  method: "delete",
  path: "/me/profiles/{id}",
  summary: "Delete a profile",
  description: "An account keeps at least one profile, so the last one cannot be deleted.",
  request: { params: ProfileIdParam },
  responses: { 204: { description: "Deleted" }, ...pickErrors(401, 404, 409) },
});
