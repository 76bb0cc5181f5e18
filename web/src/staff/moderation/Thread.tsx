import { useQuery } from "@tanstack/react-query";
import { Problem, Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { type ThreadComment as Comment, fetchComment, moderationKeys, plainText, type QueuedComment } from "./queries";

const statusNote: Partial<Record<Comment["status"], string>> = {
  pending: "held for approval",
  hidden: "hidden",
  removed: "removed",
  deleted: "deleted by its author",
};

export const authorName = (author: QueuedComment["author"]) =>
  author ? (author.username ? `@${author.username}` : (author.name ?? "Someone")) : "[gone]";

/** One comment of the context: who, when, its state if not plain visible, and the text. */
function Entry({ comment, label }: { comment: Comment; label?: string }) {
  const note = statusNote[comment.status];
  return (
    <>
      <p className="comment-meta">
        {label && <strong>{label} </strong>}
        <span>{authorName(comment.author)}</span> · <time dateTime={comment.createdAt}>{when(comment.createdAt)}</time>
        {note && <span className="tag">{note}</span>}
      </p>
      <p className="comment-body">{plainText(comment.body)}</p>
    </>
  );
}

function Replies({ replies }: { replies: Comment[] }) {
  if (replies.length === 0) return null;
  return (
    <ul className="thread-replies">
      {replies.map((reply) => (
        <li key={reply.id}>
          <Entry comment={reply} />
          <Replies replies={reply.replies} />
        </li>
      ))}
    </ul>
  );
}

/** The comment in its conversation: the comment it answers (if a reply) and every reply under it. */
export function Thread({ comment, id }: { comment: QueuedComment; id: string }) {
  const self = useQuery({ queryKey: moderationKeys.comment(comment.id), queryFn: () => fetchComment(comment.id) });
  const parentId = comment.parentId;
  const parent = useQuery({
    queryKey: moderationKeys.comment(parentId ?? ""),
    queryFn: () => fetchComment(parentId ?? ""),
    enabled: parentId !== null,
  });
  const pending = self.isPending || (parentId !== null && parent.isPending);
  return (
    <section id={id} className="thread" aria-label={`Thread of the comment by ${authorName(comment.author)}`}>
      {pending && <Skeleton rows={2} label="Loading the thread" />}
      {self.isError && <Problem error={self.error} onRetry={() => void self.refetch()} />}
      {parent.isError && <Problem error={parent.error} onRetry={() => void parent.refetch()} />}
      {!pending && (
        <>
          {parent.data ? (
            <div className="thread-parent">
              <Entry comment={parent.data} label="In reply to" />
            </div>
          ) : (
            !parentId && <p className="hint">A top-level comment, not a reply.</p>
          )}
          {self.data &&
            (self.data.replies.length ? (
              <>
                <p className="thread-heading">Replies ({self.data.replies.length})</p>
                <Replies replies={self.data.replies} />
              </>
            ) : (
              <p className="hint">No replies yet.</p>
            ))}
        </>
      )}
    </section>
  );
}
