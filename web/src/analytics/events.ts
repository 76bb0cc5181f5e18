import { api } from "../api/client";

/** What the web app reports itself; the API records searches, plays and purchases on its own. */
export type ClientEvent =
  | { type: "page_view"; path: string }
  | { type: "title_view"; path: string; targetType: "movie" | "series"; targetId: string };

/** The API takes at most this many events in one post. */
const BATCH = 20;
const FLUSH_MS = 10_000;
// Under `marquee.`, so signing out on a shared device forgets it with the rest of the account's traces.
const ANONYMOUS_KEY = "marquee.anonymousId";

const queue: ClientEvent[] = [];
let timer: number | undefined;

/** This browser's id for events sent before (and beside) a sign-in, kept in localStorage. */
function anonymousId(): string {
  let id = localStorage.getItem(ANONYMOUS_KEY);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = crypto.randomUUID();
    localStorage.setItem(ANONYMOUS_KEY, id);
  }
  return id;
}

/**
 * Sends what is queued, in batches the API accepts. Analytics is best effort: a batch that fails is
 * dropped rather than retried, so a broken network never grows the queue or the traffic.
 * `keepalive` lets the last batch outlive the page when it is being hidden or closed.
 */
function flush(keepalive = false) {
  window.clearTimeout(timer);
  timer = undefined;
  const id = anonymousId();
  while (queue.length > 0) {
    const events = queue.splice(0, BATCH);
    api.events.$post({ json: { anonymousId: id, events } }, { init: { keepalive } }).catch(() => undefined);
  }
}

/** Queues an event; it leaves with the next batch (within ten seconds, or when the page is hidden). */
export function track(event: ClientEvent) {
  queue.push(event);
  if (queue.length >= BATCH) flush();
  else timer ??= window.setTimeout(() => flush(), FLUSH_MS);
}

// The page may not come back from being hidden (a tab closed, an app switched away on a phone).
window.addEventListener("pagehide", () => flush(true));
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") flush(true);
});
