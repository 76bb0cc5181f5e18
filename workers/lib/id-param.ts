import { z } from "@hono/zod-openapi";

/**
 * `{id}` in a path: an opaque id of at most 64 characters. Shared by every domain whose routes
 * name a thing by id (catalog titles, and the likes, comments, playlists and reviews on them).
 * @example request: { params: IdParam }
 */
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
