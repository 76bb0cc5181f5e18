import { createRoute, z } from "@hono/zod-openapi";
import { pickErrors } from "../lib/errors";
import { jsonResponse } from "../lib/openapi";
import { PageQuery, pageOf } from "../lib/pagination";
import { searchTypes } from "./search.queries";

export const SearchHitSchema = z
  .object({
    type: z.enum(searchTypes),
    id: z.string(),
    title: z.string().openapi({ description: "The title, or the person's name" }),
    releaseYear: z.number().int().nullable(),
    imageUrl: z.string().nullable().openapi({ description: "Poster, or the person's photo" }),
    seriesId: z.string().nullable().optional().openapi({ description: "Episodes only" }),
    seasonNumber: z.number().int().nullable().optional(),
    episodeNumber: z.number().int().nullable().optional(),
  })
  .openapi("SearchHit");

export const search = createRoute({
  tags: ["catalog: search"],
  method: "get",
  path: "/search",
  summary: "Search movies, series, episodes and people",
  description:
    "Every word matches as a prefix, accents are ignored (`pelicula` finds `película`), best matches first (bm25). Any text is accepted; search operators are treated as plain words.",
  request: {
    query: PageQuery.extend({
      q: z.string().trim().min(1).max(200).openapi({ example: "nebu ris" }),
      type: z.enum(searchTypes).optional(),
    }),
  },
  responses: { 200: jsonResponse(pageOf(SearchHitSchema), "Matches, best first"), ...pickErrors(400) },
});
