import { Navigate, Outlet, useLocation } from "react-router";
import { sessionEndReason, useProfileId, useSession } from "../api/session";

/**
 * Pages for signed-in people: anyone else goes to sign in, and comes back here afterwards. A
 * session that expired under the page (its refresh failed) is told so on the sign-in page.
 */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    const expired = sessionEndReason() === "expired" ? "expired=1&" : "";
    return <Navigate to={`/sign-in?${expired}next=${next}`} replace />;
  }
  return <Outlet />;
}

/** Pages that are per profile: without one chosen, "Who's watching?" first. */
export function RequireProfile() {
  const profileId = useProfileId();
  const location = useLocation();
  if (!profileId) return <Navigate to={`/profiles?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}
