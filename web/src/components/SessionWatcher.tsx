import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useLocation, useNavigate } from "react-router";
import { sessionEndReason, useSession } from "../api/session";

/** When the session expires under a page (the refresh failed), go to sign in and come back after. */
export function SessionWatcher() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const had = useRef(Boolean(session));
  useEffect(() => {
    if (had.current && !session && sessionEndReason() === "expired") {
      queryClient.clear();
      const next = encodeURIComponent(location.pathname + location.search);
      navigate(`/sign-in?expired=1&next=${next}`, { replace: true });
    }
    had.current = Boolean(session);
  }, [session, navigate, location, queryClient]);
  return null;
}
