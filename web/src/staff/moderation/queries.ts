import { api } from "../../api/client";
import { type OkBody, ok } from "../../api/problem";

export type QueueStatus = "reported" | "pending" | "hidden";
export type ModerationAction = "hide" | "restore" | "remove";

const PAGE = "20";

const queueCall = (status: QueueStatus, cursor?: string) =>
  api.moderation.comments.$get({ query: { status, limit: PAGE, ...(cursor ? { cursor } : {}) } });
export type QueuePage = OkBody<Awaited<ReturnType<typeof queueCall>>>;
export type QueuedComment = QueuePage["items"][number];

/**
 * Query keys. Every queue lives under ["moderation"], so one invalidation refreshes all three tabs;
 * a single comment (with its replies) is ["comments", id], as a thread reads it.
 */
export const moderationKeys = {
  all: ["moderation"] as const,
  queue: (status: QueueStatus) => ["moderation", status] as const,
  comment: (id: string) => ["comments", id] as const,
};

export const fetchQueue = (status: QueueStatus, cursor?: string) => ok(queueCall(status, cursor));
/**
 * A comment with the replies under it. The typed client cannot follow the schema's recursion (it
 * types `replies` as plain JSON), so the shape is named here from the queue's own item type.
 */
export type ThreadComment = Omit<QueuedComment, "replies"> & { replies: ThreadComment[] };
export const fetchComment = async (id: string) => (await ok(api.comments[":id"].$get({ param: { id } }))) as ThreadComment;

export function moderate(id: string, action: ModerationAction) {
  const param = { param: { id } };
  if (action === "hide") return ok(api.comments[":id"].hide.$post(param));
  if (action === "restore") return ok(api.comments[":id"].restore.$post(param));
  return ok(api.comments[":id"].remove.$post(param));
}

/** Whether a comment in `status` still belongs in the queue `tab` (as the API selects them). */
export function belongsIn(tab: QueueStatus, comment: Pick<QueuedComment, "status" | "reportCount">): boolean {
  if (tab === "reported") return (comment.reportCount ?? 0) > 0 && (comment.status === "visible" || comment.status === "pending");
  return comment.status === tab;
}

/** The API escapes comment bodies for HTML; React escapes again, so the text is read back first. */
const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
export const plainText = (escaped: string) => escaped.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]);
