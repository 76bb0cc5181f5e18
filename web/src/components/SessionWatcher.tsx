import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useSession } from "../api/session";

/**
 * When the session ends (signed out, or expired under a page), nothing of it stays cached for the
 * next person. Sending the person to sign in is RequireSession's part.
 */
export function SessionWatcher() {
  const session = useSession();
  const queryClient = useQueryClient();
  const had = useRef(Boolean(session));
  useEffect(() => {
    if (had.current && !session) queryClient.clear();
    had.current = Boolean(session);
  }, [session, queryClient]);
  return null;
}
