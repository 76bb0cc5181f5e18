import { Link } from "react-router";
import { describeNotification } from "../account/notification-text";
import { useInbox, useMarkAllRead, useMarkRead } from "../account/notifications";
import { Problem, Skeleton } from "../components/Problem";
import { when } from "../lib/format";
import { LoadMore } from "../library/LoadMore";
import "../account/account.css";

/** The inbox: newest first, a page at a time; mark one or all read. */
export default function Notifications() {
  const inbox = useInbox();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];
  const anyUnread = items.some((n) => !n.readAt);
  return (
    <main id="main" className="page narrow-wide">
      <h1>Notifications</h1>
      <div className="actions">
        <button type="button" onClick={() => markAll.mutate()} disabled={markAll.isPending || !anyUnread}>
          Mark all read
        </button>
        <Link to="/account#email-preferences">Email preferences</Link>
      </div>
      {(markRead.isError || markAll.isError) && <Problem error={markRead.error ?? markAll.error} />}
      {inbox.isPending && <Skeleton rows={5} label="Loading notifications" />}
      {inbox.isError && <Problem error={inbox.error} onRetry={() => inbox.refetch()} />}
      {inbox.isSuccess && items.length === 0 && <p className="hint">Nothing yet. What happens on your account shows here.</p>}
      {items.length > 0 && (
        <ul className="inbox" aria-label="Notifications">
          {items.map((notification) => {
            const { text, to } = describeNotification(notification);
            const unread = !notification.readAt;
            return (
              <li key={notification.id} className="inbox-item" data-unread={unread || undefined}>
                <p className="inbox-text">
                  {unread && <span className="visually-hidden">Unread: </span>}
                  {to ? (
                    <Link to={to} onClick={() => unread && markRead.mutate(notification.id)}>
                      {text}
                    </Link>
                  ) : (
                    text
                  )}
                </p>
                <time className="hint" dateTime={notification.createdAt}>
                  {when(notification.createdAt)}
                </time>
                {unread && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => markRead.mutate(notification.id)}
                    disabled={markRead.isPending && markRead.variables === notification.id}
                    aria-label={`Mark read: ${text}`}
                  >
                    Mark read
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore hasMore={inbox.hasNextPage} loading={inbox.isFetchingNextPage} onMore={() => inbox.fetchNextPage()} />
    </main>
  );
}
