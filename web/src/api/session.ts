import { useSyncExternalStore } from "react";

/** The signed-in account as the API's Session describes it (kept in localStorage). */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; username: string; name: string; role: "user" | "moderator" | "manager" | "admin" };
}

const SESSION_KEY = "marquee.session";
const PROFILE_KEY = "marquee.profile";
const listeners = new Set<() => void>();

function read<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null") as T | null;
  } catch {
    return null;
  }
}

let session = read<StoredSession>(SESSION_KEY);
/** The profile chosen on this device, and whose it is (kept through an expiry, not past a sign-out). */
let profile = read<{ id: string; userId: string }>(PROFILE_KEY);
/** Why the last session ended without the person signing out ("expired"), for the sign-in page. */
let endReason: "expired" | null = null;

const notify = () => {
  for (const listener of listeners) listener();
};

export function setSession(next: { accessToken: string; refreshToken: string; user: StoredSession["user"] } | null) {
  session = next ? { accessToken: next.accessToken, refreshToken: next.refreshToken, user: next.user } : null;
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
  // A session that expired keeps its profile for when the same person signs in again.
  if (session ? profile?.userId !== session.user.id : endReason !== "expired") setProfile(null);
  if (session) endReason = null;
  notify();
}

/**
 * Signing out on a shared device: every copy of the account's data the app keeps on the device
 * (keys under `marquee.`, such as the offline tickets) goes with the session.
 */
export function signOutLocally() {
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith("marquee.") && key !== SESSION_KEY && key !== PROFILE_KEY) localStorage.removeItem(key);
  }
  setSession(null);
}

export function setProfile(id: string | null) {
  profile = id && session ? { id, userId: session.user.id } : null;
  if (profile) localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
  else localStorage.removeItem(PROFILE_KEY);
  notify();
}

export const currentSession = () => session;
export const currentProfileId = () => profile?.id ?? null;
export const sessionEndReason = () => endReason;

// Another tab signing in or out changes this one too.
window.addEventListener("storage", (event) => {
  if (event.key === SESSION_KEY) session = read<StoredSession>(SESSION_KEY);
  if (event.key === PROFILE_KEY) profile = read<{ id: string; userId: string }>(PROFILE_KEY);
  if (event.key === SESSION_KEY || event.key === PROFILE_KEY) notify();
});

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
export const useSession = () => useSyncExternalStore(subscribe, currentSession);
export const useProfileId = () => useSyncExternalStore(subscribe, currentProfileId);

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for a new pair once, however many calls hit an expired token together. */
function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const token = session?.refreshToken;
    if (!token) return false;
    try {
      const res = await fetch("/api/auth/refresh", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refreshToken: token }),
      });
      if (!res.ok) return false;
      setSession((await res.json()) as StoredSession);
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const withToken = (init: RequestInit | undefined, token: string | undefined): RequestInit => {
  const headers = new Headers(init?.headers);
  if (token && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  return { ...init, headers };
};

/**
 * fetch with the session's access token; an expired token is refreshed silently and the call
 * made again. When the refresh fails too, the session ends as "expired" (the app then sends the
 * person to sign in, and back here afterwards).
 */
export async function authorizedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const sent = session?.accessToken;
  const res = await fetch(input, withToken(init, sent));
  const url = String(input instanceof Request ? input.url : input);
  if (res.status !== 401 || !sent || url.includes("/api/auth/")) return res;
  if (session?.accessToken === sent && !(await refresh())) {
    if (session?.accessToken === sent) {
      endReason = "expired";
      setSession(null);
    }
    return res;
  }
  return fetch(input, withToken(init, session?.accessToken));
}
