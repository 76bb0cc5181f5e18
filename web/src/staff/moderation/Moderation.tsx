import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback, useId, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { Problem, Skeleton } from "../../components/Problem";
import { QueueItem } from "./QueueItem";
import { fetchQueue, moderationKeys, type QueueStatus } from "./queries";
import "./moderation.css";

const tabs: { status: QueueStatus; label: string; heading: string; about: string; empty: string }[] = [
  {
    status: "reported",
    label: "Reported",
    heading: "Reported comments",
    about: "Comments people reported, newest first. Hide one to take it out of its thread (restoring brings it back).",
    empty: "Nothing is reported right now.",
  },
  {
    status: "pending",
    label: "Held for approval",
    heading: "Comments held for approval",
    about: "On titles whose comments need approval, new comments wait here until a moderator approves them.",
    empty: "No comment is waiting for approval.",
  },
  {
    status: "hidden",
    label: "Hidden",
    heading: "Hidden comments",
    about: "Comments hidden by a moderator: readers do not see them. Restore one to show it again.",
    empty: "No comment is hidden.",
  },
];

/** The queue of one tab, a page at a time. */
function Queue({ status, onDone }: { status: QueueStatus; onDone: (message: string, left: boolean) => void }) {
  const tab = tabs.find((t) => t.status === status) ?? tabs[0];
  const queue = useInfiniteQuery({
    queryKey: moderationKeys.queue(status),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchQueue(status, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <div className="queue-head">
        <h2>{tab.heading}</h2>
        <button type="button" onClick={() => void queue.refetch()} disabled={queue.isFetching}>
          {queue.isFetching && !queue.isFetchingNextPage ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      <p className="hint">{tab.about}</p>
      {queue.isPending ? (
        <Skeleton rows={4} label={`Loading ${tab.heading.toLowerCase()}`} />
      ) : items.length === 0 && !queue.isError ? (
        <p className="empty-queue">{tab.empty}</p>
      ) : (
        items.length > 0 && (
          <ul className="queue" aria-label={tab.heading}>
            {items.map((comment) => (
              <li key={comment.id}>
                <QueueItem comment={comment} tab={status} onDone={onDone} />
              </li>
            ))}
          </ul>
        )
      )}
      {/* A failed first page, refresh or next page: the list read so far stays. */}
      {queue.isError && (
        <Problem
          error={queue.error}
          onRetry={() => void (queue.isFetchNextPageError ? queue.fetchNextPage() : queue.refetch())}
        />
      )}
      {queue.hasNextPage && !queue.isFetchNextPageError && (
        <button type="button" onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
          {queue.isFetchingNextPage ? "Loading more…" : "Show more comments"}
        </button>
      )}
    </>
  );
}

/** `/staff/moderation`: reported, held and hidden comments, with hide, restore, approve and remove. */
export default function Moderation() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const status = tabs.find((t) => t.status === params.get("status"))?.status ?? "reported";
  const [said, setSaid] = useState("");
  const panel = useRef<HTMLDivElement>(null);
  const tabRefs = useRef<Partial<Record<QueueStatus, HTMLButtonElement | null>>>({});

  const choose = (next: QueueStatus, focus = false) => {
    setSaid("");
    setParams(next === "reported" ? {} : { status: next }, { replace: true });
    if (focus) tabRefs.current[next]?.focus();
  };
  // Arrow keys, Home and End move between the tabs (one tab stop for the whole list), as a tab list does.
  const onKeyDown = (event: React.KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.status === status);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    choose(tabs[(to + tabs.length) % tabs.length].status, true);
  };
  const onDone = useCallback((message: string, left: boolean) => {
    setSaid(message);
    // The button that was pressed went with the comment: the focus stays in the queue instead of falling to the page.
    if (left) panel.current?.focus();
  }, []);

  return (
    <>
      <h1>Moderation</h1>
      <div role="tablist" aria-label="Queues" className="queue-tabs" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.status}
            ref={(node) => {
              tabRefs.current[tab.status] = node;
            }}
            type="button"
            role="tab"
            id={`${id}-${tab.status}`}
            aria-selected={tab.status === status}
            aria-controls={`${id}-panel`}
            tabIndex={tab.status === status ? 0 : -1}
            onClick={() => choose(tab.status)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <p role="status" className="moderation-status">
        {said}
      </p>
      <div
        ref={panel}
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-${status}`}
        tabIndex={-1}
        className="queue-panel"
      >
        <Queue key={status} status={status} onDone={onDone} />
      </div>
    </>
  );
}
