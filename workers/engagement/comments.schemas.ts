import { z } from "@hono/zod-openapi";
import { commentPolicies } from "../db/schema";
import { PageQuery } from "../lib/pagination";
import { exactlyOne, targetFields } from "./targets";

export const commentKinds = ["movie", "series", "episode", "media"] as const;

const Body = z
  .string()
  .trim()
  .min(1, "Write something")
  .max(5000, "At most 5,000 characters")
  .openapi({ example: "Loved the ending." });

const { check, message } = exactlyOne(commentKinds);
export const NewCommentSchema = z
  .object({
    ...targetFields(commentKinds),
    parentId: z.string().min(1).max(64).optional().openapi({ description: "The comment this replies to" }),
    body: Body,
  })
  .refine(check, { message })
  .openapi("NewComment");

export const CommentEditSchema = z.object({ body: Body }).openapi("CommentEdit");

export const ReportSchema = z.object({ reason: z.string().trim().min(1).max(500).optional() }).openapi("CommentReport");

export const AuthorSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
});

const commentFields = {
  id: z.string(),
  targetType: z.enum(commentKinds),
  targetId: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int(),
  author: AuthorSchema.nullable().openapi({ description: "Null once the comment is deleted or removed" }),
  body: z.string().openapi({ description: "HTML-escaped; `[deleted]` or `[removed]` when gone" }),
  status: z.enum(["visible", "pending", "hidden", "removed", "deleted"]),
  likeCount: z.number().int(),
  likedByMe: z.boolean(),
  reportCount: z.number().int().optional().openapi({ description: "Moderators only" }),
  editedAt: z.string().nullable(),
  createdAt: z.string(),
};

export interface CommentOut extends z.infer<z.ZodObject<typeof commentFields>> {
  replies: CommentOut[];
}

export const CommentSchema: z.ZodType<CommentOut> = z
  .object({
    ...commentFields,
    get replies(): z.ZodArray<z.ZodType<CommentOut>> {
      return z.array(CommentSchema);
    },
  })
  .openapi("Comment");

export const ThreadQuery = PageQuery.extend({
  limit: z.coerce.number().int().min(1).max(50).default(20).openapi({ description: "Threads per page, 1 to 50" }),
  sort: z.enum(["top", "new"]).default("top").openapi({ description: "`top`: most liked first; `new`: newest first" }),
});

export const ThreadPageSchema = z
  .object({
    items: z.array(CommentSchema),
    nextCursor: z.string().nullable(),
    policy: z.enum(commentPolicies),
  })
  .openapi("CommentThreads");

export const PolicySchema = z.object({ policy: z.enum(commentPolicies) }).openapi("CommentPolicy");

export const QueueQuery = PageQuery.extend({
  status: z.enum(["pending", "hidden", "reported"]).default("reported"),
});
