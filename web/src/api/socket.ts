/** The app's WebSockets (the typed client cannot open them): one way to address, retry and close them. */

/** A WebSocket URL for an API path on this origin (wss on https), with its query parameters. */
export function socketUrl(path: string, params: Record<string, string | undefined> = {}): URL {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/** How long to wait before reconnecting: `firstMs` doubling per failure up to `maxMs`, with jitter. */
export const backoffDelay = (failures: number, firstMs: number, maxMs: number) =>
  Math.min(maxMs, firstMs * 2 ** failures) * (0.5 + Math.random() / 2);

/** Stops listening to a socket and closes it. */
export function closeSocket(ws: WebSocket) {
  ws.onmessage = null;
  ws.onclose = null;
  // Closing a socket that is still connecting makes the browser log an error; close it once open.
  if (ws.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close();
  else ws.close();
}
