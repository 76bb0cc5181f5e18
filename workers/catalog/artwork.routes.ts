import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { ProblemSchema, pickErrors } from "../lib/errors";
import { IdParam } from "../lib/id-param";
import { jsonResponse } from "../lib/openapi";

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
const binary = z.string().openapi({ format: "binary" });
const images = { "image/jpeg": { schema: binary }, "image/png": { schema: binary }, "image/webp": { schema: binary } };

export const ArtworkSchema = z
  .object({
    url: z.string().openapi({ example: "/api/artwork/3f0a…c9.jpg" }),
    contentType: z.string(),
    bytes: z.number().int(),
  })
  .openapi("Artwork");

/** The PUT and DELETE routes for one kind of artwork, e.g. `/movies/{id}/poster`. */
function artworkRoutes<P extends string>(path: P, tag: string, what: string) {
  const admin = { tags: [tag], security: bearerAuth, middleware: [requireAdmin], path, request: { params: IdParam } };
  return {
    put: createRoute({
      ...admin,
      method: "put",
      summary: `Upload the ${what} (admin)`,
      description:
        "The body is the image itself: JPEG, PNG or WebP (recognised by its bytes), at most 5 MB. It is served from `url` with a one-year immutable cache lifetime.",
      request: { params: IdParam, body: { content: images } },
      responses: {
        200: jsonResponse(ArtworkSchema, "Stored"),
        ...pickErrors(400, 401, 403, 404),
        413: problem("Larger than 5 MB"),
        415: problem("Not a JPEG, PNG or WebP image"),
      },
    }),
    remove: createRoute({
      ...admin,
      method: "delete",
      summary: `Remove the ${what} (admin)`,
      responses: { 204: { description: "Removed" }, ...pickErrors(401, 403, 404) },
    }),
  };
}

export const moviePoster = artworkRoutes("/movies/{id}/poster", "catalog: movies", "movie's poster");
export const movieBackdrop = artworkRoutes("/movies/{id}/backdrop", "catalog: movies", "movie's backdrop");
export const seriesPoster = artworkRoutes("/series/{id}/poster", "catalog: series", "series' poster");
export const seriesBackdrop = artworkRoutes("/series/{id}/backdrop", "catalog: series", "series' backdrop");
export const personPhoto = artworkRoutes("/people/{id}/photo", "catalog: people", "person's photo");

export const getArtwork = createRoute({
  tags: ["catalog: artwork"],
  method: "get",
  path: "/artwork/{file}",
  summary: "An artwork image (public, immutable)",
  request: {
    params: z.object({
      file: z
        .string()
        .regex(/^[0-9a-f]{64}\.(jpg|png|webp)$/, "An artwork file name as handed out in a posterUrl")
        .openapi({ param: { name: "file", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The image", content: images },
    304: { description: "Not modified (If-None-Match)" },
    ...pickErrors(400, 404),
  },
});
