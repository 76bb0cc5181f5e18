import { z } from "@hono/zod-openapi";

export const FollowSchema = z.object({ followerId: z.string(), followeeId: z.string(), createdAt: z.string() }).openapi("Follow");

export const FollowEntrySchema = z
  .object({
    user: z.object({
      id: z.string(),
      username: z.string(),
      name: z.string(),
      avatarUrl: z.string().nullable(),
    }),
    followedAt: z.string(),
  })
  .openapi("FollowEntry");

export type FollowEntry = z.infer<typeof FollowEntrySchema>;
