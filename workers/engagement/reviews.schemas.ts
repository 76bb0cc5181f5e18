import { z } from "@hono/zod-openapi";
import { PageQuery } from "../lib/pagination";

const Rating = z.number().int().min(1).max(5).openapi({ example: 4 });
const Body = z.string().trim().min(1).max(5000).nullable();

export const ReviewInputSchema = z
  .object({ movieId: z.string().min(1).max(64), rating: Rating, body: Body.optional() })
  .openapi("ReviewInput");

export const ReviewUpdateSchema = z
  .object({ rating: Rating, body: Body })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "Send at least one field to change")
  .openapi("ReviewUpdate");

export const ReviewSchema = z
  .object({
    id: z.string(),
    movieId: z.string(),
    author: z.object({ id: z.string(), username: z.string(), name: z.string(), avatarUrl: z.string().nullable() }),
    rating: z.number().int(),
    body: z.string().nullable().openapi({ description: "HTML-escaped" }),
    verified: z.boolean().openapi({
      description:
        "The author holds a valid ticket to a showing of this movie, or played it here (a playback the server started; self-reported watch progress does not count)",
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Review");

export const ReviewListQuery = PageQuery.extend({
  sort: z.enum(["new", "rating_desc", "rating_asc"]).default("new"),
});

export const ReviewStatsSchema = z
  .object({
    average: z.number().nullable().openapi({ description: "Mean rating, two decimals; null without reviews" }),
    count: z.number().int(),
    histogram: z.object({
      1: z.number().int(),
      2: z.number().int(),
      3: z.number().int(),
      4: z.number().int(),
      5: z.number().int(),
    }),
  })
  .openapi("ReviewStats");
