import { z } from "@hono/zod-openapi";
import { PageQuery } from "../lib/pagination";
import { ReviewSchema } from "./reviews.schemas";

export const ReviewReportInputSchema = z
  .object({ reason: z.string().trim().min(1).max(500).openapi({ example: "Spoilers in the first line" }) })
  .openapi("ReviewReportInput");

export const ReviewReportSchema = z
  .object({
    id: z.string().openapi({ description: "The reported review (a report is one per person per review)" }),
    reason: z.string(),
    createdAt: z.string(),
  })
  .openapi("ReviewReport");

export const AdminReviewSchema = ReviewSchema.extend({
  author: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    avatarUrl: z.string().nullable(),
    email: z.string(),
  }),
  movieTitle: z.string(),
  reportCount: z.number().int(),
}).openapi("AdminReview");

export const AdminReviewQuery = PageQuery.extend({
  movieId: z.string().min(1).max(64).optional(),
  rating: z.coerce.number().int().min(1).max(5).optional(),
  reported: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "true: only reviews someone reported; false: only unreported ones" }),
});

export const AdminUserReviewQuery = PageQuery;
