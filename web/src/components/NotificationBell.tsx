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
        <svg className="bell-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0h-5Z"
            fill="currentColor"
          />
        </svg>
        {/* Always in the page (hidden at 0), so the count can be read before and after it changes. */}
        <span className="badge" aria-hidden="true" data-testid="unread-count" hidden={count === 0}>
          {count > MAX_SHOWN ? `${MAX_SHOWN}+` : count}
        </span>
      </Link>
      <span className="visually-hidden" role="status">
        {latest}
      </span>
    </>
  );
}
