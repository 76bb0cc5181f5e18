import { and, eq, sql } from "drizzle-orm";
import {
  type CommentPolicy,
  type CommentStatus,
  type CommentTarget,
  commentReports,
  commentSettings,
  comments,
  users,
} from "../db/schema";
import type { AuthContext, Db } from "../lib/context";
import { newId, nowIso } from "../lib/ids";
import { refValues, type TargetRef } from "./targets";

/** Replies nest this deep (0 = top level); a reply to the deepest level joins its parent's replies. */
export const MAX_DEPTH = 4;
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

export type CommentRow = typeof comments.$inferSelect;
export interface CommentWithAuthor extends CommentRow {
  username: string | null;
  authorName: string | null;
  avatarUrl: string | null;
}

export const isModerator = (auth: AuthContext | undefined) => auth?.role === "moderator" || auth?.role === "admin";

const withAuthor = {
  username: users.username,
  authorName: users.name,
  avatarUrl: users.avatarUrl,
};

export async function findComment(db: Db, id: string): Promise<CommentWithAuthor | undefined> {
  const row = await db
    .select({ c: comments, ...withAuthor })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.userId))
    .where(eq(comments.id, id))
    .get();
  return row && { ...row.c, username: row.username, authorName: row.authorName, avatarUrl: row.avatarUrl };
}

/**
 * What a reader may see: visible comments, placeholders of deleted/removed ones (they keep the
 * thread's shape) and their own comments awaiting approval. Moderators see everything.
 */
export function readable(row: Pick<CommentRow, "status" | "userId">, viewer: AuthContext | undefined): boolean {
  if (isModerator(viewer)) return true;
  if (row.status === "visible" || row.status === "removed") return true;
  return row.status === "pending" && row.userId === viewer?.userId;
}

const readableSql = (viewer: AuthContext | undefined) =>
  isModerator(viewer)
    ? sql`1`
    : sql`(c.status IN ('visible', 'removed') OR (c.status = 'pending' AND c.user_id = ${viewer?.userId ?? ""}))`;

export async function commentPolicy(db: Db, ref: TargetRef<CommentTarget>): Promise<CommentPolicy> {
  const row = await db
    .select({ policy: commentSettings.policy })
    .from(commentSettings)
    .where(and(eq(commentSettings.targetType, ref.type), eq(commentSettings.targetId, ref.id)))
    .get();
  return row?.policy ?? "enabled";
}

export async function setCommentPolicy(db: Db, ref: TargetRef<CommentTarget>, policy: CommentPolicy, by: string) {
  const updatedAt = nowIso();
  await db
    .insert(commentSettings)
    .values({ ...refValues(ref), policy, updatedBy: by, updatedAt })
    .onConflictDoUpdate({
      target: [commentSettings.targetType, commentSettings.targetId],
      set: { policy, updatedBy: by, updatedAt },
    });
}

export async function insertComment(
  db: Db,
  input: { userId: string; target: TargetRef<CommentTarget>; parent?: CommentRow; body: string; status: CommentStatus },
): Promise<CommentRow> {
  const id = newId();
  const now = nowIso();
  const { parent } = input;
  // Past MAX_DEPTH a reply becomes a sibling of the comment it answers, so threads stay readable.
  const parentId = parent ? (parent.depth >= MAX_DEPTH ? parent.parentId : parent.id) : null;
  const row = {
    id,
    userId: input.userId,
    ...refValues(input.target),
    parentId,
    rootId: parent ? parent.rootId : id,
    depth: parent ? Math.min(parent.depth + 1, MAX_DEPTH) : 0,
    body: input.body,
    status: input.status,
    createdAt: now,
    updatedAt: now,
  };
  return db.insert(comments).values(row).returning().get();
}

/** Edits the author's own comment inside the edit window; undefined when that is not (or no longer) possible. */
export async function editComment(db: Db, id: string, userId: string, body: string, now = Date.now()) {
  const cutoff = new Date(now - EDIT_WINDOW_MS).toISOString();
  const at = new Date(now).toISOString();
  return db
    .update(comments)
    .set({ body, editedAt: at, updatedAt: at })
    .where(
      and(
        eq(comments.id, id),
        eq(comments.userId, userId),
        sql`${comments.createdAt} > ${cutoff}`,
        sql`${comments.deletedAt} IS NULL`,
        sql`${comments.status} != 'removed'`,
      ),
    )
    .returning()
    .get();
}

/** Soft delete by the author: the body goes, the row (and so the thread's shape) stays. */
export async function deleteOwnComment(db: Db, id: string, userId: string) {
  const at = nowIso();
  return db
    .update(comments)
    .set({ body: "", deletedAt: at, updatedAt: at })
    .where(and(eq(comments.id, id), eq(comments.userId, userId), sql`${comments.deletedAt} IS NULL`))
    .returning({ id: comments.id })
    .get();
}

export type ModerationAction = "hide" | "restore" | "remove";

/** Applies a moderator's action if the comment is in a state it applies to; undefined otherwise. */
export async function moderate(db: Db, id: string, action: ModerationAction) {
  const at = nowIso();
  const from: Record<ModerationAction, CommentStatus[]> = {
    hide: ["visible", "pending"],
    restore: ["hidden", "pending"],
    remove: ["visible", "pending", "hidden"],
  };
  const to: Record<ModerationAction, CommentStatus> = { hide: "hidden", restore: "visible", remove: "removed" };
  const states = sql.join(
    from[action].map((s) => sql`${s}`),
    sql`, `,
  );
  return db
    .update(comments)
    .set({ status: to[action], updatedAt: at, ...(action === "remove" ? { body: "" } : {}) })
    .where(and(eq(comments.id, id), sql`${comments.status} IN (${states})`))
    .returning()
    .get();
}

/** Records one report per user; answers whether this report is new. */
export async function reportComment(db: Db, commentId: string, userId: string, reason: string | null): Promise<boolean> {
  const [inserted] = await db.batch([
    db.insert(commentReports).values({ commentId, userId, reason, createdAt: nowIso() }).onConflictDoNothing().returning(),
    db
      .update(comments)
      .set({ reportCount: sql`(SELECT count(*) FROM comment_reports WHERE comment_id = ${commentId})` })
      .where(eq(comments.id, commentId)),
  ]);
  return inserted.length > 0;
}

export type ThreadSort = "top" | "new";

interface RawComment {
  id: string;
  user_id: string;
  target_type: CommentTarget;
  target_id: string;
  parent_id: string | null;
  root_id: string;
  depth: number;
  body: string;
  status: CommentStatus;
  like_count: number;
  report_count: number;
  edited_at: string | null;
  deleted_at: string | null;
  created_at: string;
  username: string | null;
  author_name: string | null;
  avatar_url: string | null;
  liked: number;
}

const selectComments = (viewer: AuthContext | undefined) => sql`
  SELECT c.*, u.username, u.name AS author_name, u.avatar_url,
    EXISTS (SELECT 1 FROM likes l WHERE l.target_type = 'comment' AND l.target_id = c.id AND l.user_id = ${viewer?.userId ?? ""}) AS liked
  FROM comments c LEFT JOIN users u ON u.id = c.user_id`;

/** A page of top-level comments on a target, and every reply in those threads the viewer may read. */
export async function listThreads(
  db: Db,
  viewer: AuthContext | undefined,
  target: TargetRef<CommentTarget>,
  opts: { sort: ThreadSort; limit: number; after?: (string | number)[] },
) {
  const conds = [sql`c.target_type = ${target.type}`, sql`c.target_id = ${target.id}`, sql`c.depth = 0`, readableSql(viewer)];
  if (opts.after) {
    if (opts.sort === "new") conds.push(sql`c.id < ${String(opts.after[0])}`);
    else {
      const [likes, id] = [Number(opts.after[0]), String(opts.after[1])];
      conds.push(sql`(c.like_count < ${likes} OR (c.like_count = ${likes} AND c.id < ${id}))`);
    }
  }
  const order = opts.sort === "new" ? sql`c.id DESC` : sql`c.like_count DESC, c.id DESC`;
  const roots = await db.all<RawComment>(
    sql`${selectComments(viewer)} WHERE ${sql.join(conds, sql` AND `)} ORDER BY ${order} LIMIT ${opts.limit + 1}`,
  );
  const rootIds = roots.slice(0, opts.limit).map((r) => r.id);
  const replies = rootIds.length
    ? await db.all<RawComment>(
        sql`${selectComments(viewer)} WHERE c.root_id IN (SELECT value FROM json_each(${JSON.stringify(rootIds)})) AND c.depth > 0 AND ${readableSql(viewer)} ORDER BY c.depth, c.id`,
      )
    : [];
  return { roots, replies };
}

/** Every comment of one thread under `root` (inclusive) that the viewer may read. */
export async function loadThread(db: Db, viewer: AuthContext | undefined, rootId: string) {
  return db.all<RawComment>(
    sql`${selectComments(viewer)} WHERE c.root_id = ${rootId} AND ${readableSql(viewer)} ORDER BY c.depth, c.id`,
  );
}

export async function moderationQueue(db: Db, status: "pending" | "hidden" | "reported", limit: number, after?: string) {
  const conds = [
    status === "reported" ? sql`c.report_count > 0 AND c.status IN ('visible', 'pending')` : sql`c.status = ${status}`,
  ];
  if (after) conds.push(sql`c.id < ${after}`);
  return db.all<RawComment>(
    sql`${selectComments(undefined)} WHERE ${sql.join(conds, sql` AND `)} ORDER BY c.id DESC LIMIT ${limit + 1}`,
  );
}

export type { RawComment };
