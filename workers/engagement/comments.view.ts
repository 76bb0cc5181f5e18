import type { AuthContext } from "../lib/context";
import { escapeHtml } from "../lib/html";
import type { CommentRow, RawComment } from "./comments.queries";
import { isModerator } from "./comments.queries";
import type { CommentOut } from "./comments.schemas";

export interface ShownComment extends CommentRow {
  username: string | null;
  authorName: string | null;
  avatarUrl: string | null;
  liked: boolean;
}

export const fromRaw = (r: RawComment): ShownComment => ({
  id: r.id,
  userId: r.user_id,
  targetType: r.target_type,
  targetId: r.target_id,
  movieId: null,
  seriesId: null,
  episodeId: null,
  mediaId: null,
  parentId: r.parent_id,
  rootId: r.root_id,
  depth: r.depth,
  body: r.body,
  status: r.status,
  likeCount: r.like_count,
  reportCount: r.report_count,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
  createdAt: r.created_at,
  updatedAt: r.created_at,
  username: r.username,
  authorName: r.author_name,
  avatarUrl: r.avatar_url,
  liked: r.liked === 1,
});

/** The API's view of a comment: escaped body, and placeholders where it is deleted or removed. */
export function render(c: ShownComment, viewer: AuthContext | undefined): CommentOut {
  const gone = c.deletedAt ? "[deleted]" : c.status === "removed" ? "[removed]" : null;
  return {
    id: c.id,
    targetType: c.targetType,
    targetId: c.targetId,
    parentId: c.parentId,
    depth: c.depth,
    author: gone ? null : { id: c.userId, username: c.username, name: c.authorName, avatarUrl: c.avatarUrl },
    body: gone ?? escapeHtml(c.body),
    status: c.deletedAt ? "deleted" : c.status,
    likeCount: c.likeCount,
    likedByMe: c.liked,
    ...(isModerator(viewer) ? { reportCount: c.reportCount } : {}),
    editedAt: c.editedAt,
    createdAt: c.createdAt,
    replies: [],
  };
}

/**
 * Nests `replies` (oldest first) under their parents among `tops`. A reply whose parent is not
 * shown (hidden from this viewer) is not shown either: hiding a comment hides its subtree.
 */
export function nest(tops: ShownComment[], replies: ShownComment[], viewer: AuthContext | undefined): CommentOut[] {
  const byId = new Map<string, CommentOut>();
  const out = tops.map((t) => {
    const node = render(t, viewer);
    byId.set(t.id, node);
    return node;
  });
  for (const r of replies) {
    const parent = r.parentId ? byId.get(r.parentId) : undefined;
    if (!parent || byId.has(r.id)) continue;
    const node = render(r, viewer);
    byId.set(r.id, node);
    parent.replies.push(node);
  }
  return out;
}
