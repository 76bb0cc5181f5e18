import { Link } from "react-router";
import { useLiveUnreadCount } from "../account/notifications";
import "../account/bell.css";

const MAX_SHOWN = 99;

/** The bell with the unread count, kept live over the notification socket. */
export function NotificationBell() {
  const { count, latest } = useLiveUnreadCount();
  const label = count === 0 ? "Notifications" : `Notifications, ${count} unread`;
  return (
    <>
      <Link to="/notifications" className="bell" aria-label={label}>
        <span aria-hidden="true">🔔</span>
        {/* Always in the page (hidden at 0), so the count can be read before and after it changes. */}
        <span className="badge" aria-hidden="true" data-testid="unread-count" hidden={count === 0}>
          {count > MAX_SHOWN ? `${MAX_SHOWN}+` : count}
        </span>
      </Link>
      <span className="bell-live" role="status">
        {latest}
      </span>
    </>
  );
}
