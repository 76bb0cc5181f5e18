import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { useSession } from "../api/session";
import { openNotificationSocket } from "./notification-socket";
import { describeNotification } from "./notification-text";

/** Every notification query starts with "notifications": invalidating that refreshes them all. */
export const notificationKeys = {
  all: ["notifications"] as const,
  unread: ["notifications", "unread-count"] as const,
  inbox: ["notifications", "inbox"] as const,
};

const fetchUnread = async () => (await ok(api.me.$get())).unreadNotifications;

/**
 * The unread count, kept live over the notification socket while signed in: each pushed frame
 * carries the new count, and a new or read notification refreshes the other notification queries.
 * Answers the count and a sentence for the last notification that arrived (for a live region).
 */
export function useLiveUnreadCount() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [latest, setLatest] = useState("");
  const count = useQuery({ queryKey: notificationKeys.unread, queryFn: fetchUnread, enabled: Boolean(session) });
  const userId = session?.user.id;
  useEffect(() => {
    if (!userId) return;
    const refreshOthers = () =>
      queryClient.invalidateQueries({ queryKey: notificationKeys.all, predicate: (q) => q.queryKey[1] !== "unread-count" });
    return openNotificationSocket({
      prepare: () => queryClient.fetchQuery({ queryKey: notificationKeys.unread, queryFn: fetchUnread, staleTime: 0 }),
      onFrame: (frame) => {
        if ("unread" in frame) queryClient.setQueryData(notificationKeys.unread, frame.unread);
        if (frame.type === "notification") setLatest(`New notification: ${describeNotification(frame.notification).text}`);
        if (frame.type !== "pong" && frame.type !== "error") void refreshOthers();
      },
    });
  }, [userId, queryClient]);
  return { count: count.data ?? 0, latest };
}

/** The inbox, newest first, a page at a time. */
export function useInbox() {
  return useInfiniteQuery({
    queryKey: notificationKeys.inbox,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => ok(api.notifications.$get({ query: { limit: "20", cursor: pageParam } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(api.notifications[":id"].read.$post({ param: { id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.notifications["read-all"].$post()),
    onSuccess: (result) => {
      queryClient.setQueryData(notificationKeys.unread, result.unread);
      return queryClient.invalidateQueries({ queryKey: notificationKeys.inbox });
    },
  });
}
