import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client";
import { ok } from "../api/problem";

/** The bell with the unread count. */
export function NotificationBell() {
  const unread = useQuery({
    queryKey: ["notifications", "unread"],
    queryFn: () => ok(api.notifications.$get({ query: { unread: "true", limit: "50" } })),
  });
  const count = unread.data?.items.length ?? 0;
  const label = count === 0 ? "Notifications" : `Notifications, ${count}${count >= 50 ? "+" : ""} unread`;
  return (
    <Link to="/notifications" className="bell" aria-label={label}>
      <span aria-hidden="true">🔔</span>
      {count > 0 && (
        <span className="badge" aria-hidden="true" data-testid="unread-count">
          {count >= 50 ? "50+" : count}
        </span>
      )}
    </Link>
  );
}
