import { type InfiniteData, useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Problem } from "../../components/Problem";
import { when } from "../../lib/format";
import { ConfirmDialog } from "./ConfirmDialog";
import {
  belongsIn,
  type ModerationAction,
  moderate,
  moderationKeys,
  plainText,
  type QueuedComment,
  type QueuePage,
  type QueueStatus,
} from "./queries";
import { TargetLink } from "./TargetLink";
import { authorName, Thread } from "./Thread";

const statusLabel: Record<QueuedComment["status"], string> = {
  visible: "Visible",
  pending: "Held for approval",
  hidden: "Hidden",
  removed: "Removed",
  deleted: "Deleted",
};

/** The buttons a moderator has for a comment in this state, as the API allows them. */
function actionsFor(status: QueuedComment["status"]): { action: ModerationAction; label: string }[] {
  if (status === "pending")
    return [
      { action: "restore", label: "Approve" },
      { action: "hide", label: "Hide" },
    ];
  if (status === "hidden") return [{ action: "restore", label: "Restore" }];
  if (status === "visible") return [{ action: "hide", label: "Hide" }];
  return [];
}

const canRemove = (status: QueuedComment["status"]) => status === "visible" || status === "pending" || status === "hidden";

const done: Record<ModerationAction, (author: string, from: QueuedComment["status"]) => string> = {
  hide: (author) => `Hid the comment by ${author}: readers no longer see it.`,
  restore: (author, from) =>
    from === "pending"
      ? `Approved the comment by ${author}: everyone can read it now.`
      : `Restored the comment by ${author}: everyone can read it again.`,
  remove: (author) => `Removed the comment by ${author}: it reads “[removed]” now.`,
};

/** One comment in the queue: who wrote it where and when, its reports, its text, the actions and its thread. */
export function QueueItem({
  comment,
  tab,
  onDone,
}: {
  comment: QueuedComment;
  /** The queue it is listed in: after an action it leaves that queue when it no longer belongs there. */
  tab: QueueStatus;
  /** Says what happened (a polite status of the page); `left` when it is gone from this queue. */
  onDone: (message: string, left: boolean) => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const author = authorName(comment.author);
  const reports = comment.reportCount ?? 0;
  const act = useMutation({
    mutationFn: (action: ModerationAction) => moderate(comment.id, action),
    onSuccess: (updated, action) => {
      // The API's answer says where the comment stands now: drop it from this queue at once if it no longer belongs.
      const left = !belongsIn(tab, { status: updated.status, reportCount: updated.reportCount ?? reports });
      queryClient.setQueryData<InfiniteData<QueuePage>>(moderationKeys.queue(tab), (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: left
                  ? page.items.filter((item) => item.id !== comment.id)
                  : page.items.map((item) => (item.id === comment.id ? { ...item, ...updated } : item)),
              })),
            }
          : data,
      );
      setConfirming(false);
      onDone(done[action](author, comment.status), left);
      void queryClient.invalidateQueries({ queryKey: moderationKeys.all });
      void queryClient.invalidateQueries({ queryKey: ["comments"] });
    },
  });
  const busy = act.isPending ? act.variables : undefined;

  return (
    <article className="queue-item" aria-labelledby={`${id}-who`}>
      <header className="queue-item-head">
        <h3 id={`${id}-who`} className="queue-item-who">
          Comment by {author}
        </h3>
        <p className="comment-meta">
          <time dateTime={comment.createdAt}>{when(comment.createdAt)}</time> ·{" "}
          <TargetLink type={comment.targetType} id={comment.targetId} />
          {comment.parentId && " · a reply"}
        </p>
        <p className="queue-item-tags">
          <span className={`tag status-${comment.status}`}>{statusLabel[comment.status]}</span>
          {reports > 0 && <span className="tag reported">Reported {reports === 1 ? "once" : `${reports} times`}</span>}
        </p>
      </header>
      <blockquote className="comment-body">{plainText(comment.body)}</blockquote>
      <div className="actions">
        {actionsFor(comment.status).map(({ action, label }) => (
          <button
            key={label}
            type="button"
            className={label === "Approve" ? "primary" : undefined}
            disabled={busy !== undefined}
            aria-busy={busy === action || undefined}
            aria-describedby={`${id}-who`}
            onClick={() => act.mutate(action)}
          >
            {label}
          </button>
        ))}
        {canRemove(comment.status) && (
          <button
            type="button"
            className="danger"
            disabled={busy !== undefined}
            aria-describedby={`${id}-who`}
            onClick={() => {
              act.reset();
              setConfirming(true);
            }}
          >
            Remove
          </button>
        )}
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          aria-controls={`${id}-thread`}
          onClick={() => setOpen(!open)}
        >
          {open ? "Close thread" : "Show thread"}
        </button>
      </div>
      {act.isError && !confirming ? <Problem error={act.error} /> : null}
      {open && <Thread comment={comment} id={`${id}-thread`} />}
      <ConfirmDialog
        open={confirming}
        title="Remove this comment?"
        confirmLabel="Remove"
        busy={busy === "remove"}
        error={act.isError ? act.error : undefined}
        onCancel={() => {
          act.reset();
          setConfirming(false);
        }}
        onConfirm={() => act.mutate("remove")}
      >
        <p>
          The comment by {author} will read “[removed]” for everyone, for good. Its replies stay. Hiding it instead can be undone.
        </p>
      </ConfirmDialog>
    </article>
  );
}
