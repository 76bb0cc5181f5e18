import type { Ticket } from "./queries";

/**
 * What My tickets keeps on the device so a ticket can be shown at the door without a
 * connection: the last list of tickets (per account) and each ticket's QR code (per code).
 */
const listKey = (userId: string) => `marquee.tickets.${userId}`;
const QR_PREFIX = "marquee.qr.";

function get(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function set(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage full or refused: the page still works online, only the offline copy is missing.
  }
}

export interface SavedTickets {
  savedAt: number;
  tickets: Ticket[];
}

export function savedTickets(userId: string): SavedTickets | null {
  try {
    const saved = JSON.parse(get(listKey(userId)) ?? "null") as SavedTickets | null;
    return saved && Array.isArray(saved.tickets) ? saved : null;
  } catch {
    return null;
  }
}

/** Keeps the latest list, and lets go of QR codes of tickets no longer in it. */
export function saveTickets(userId: string, tickets: Ticket[]) {
  set(listKey(userId), JSON.stringify({ savedAt: Date.now(), tickets } satisfies SavedTickets));
  const codes = new Set(tickets.map((t) => t.code));
  try {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(QR_PREFIX) && !codes.has(key.slice(QR_PREFIX.length))) localStorage.removeItem(key);
    }
  } catch {
    // Nothing to prune when storage cannot be read.
  }
}

export const savedQr = (code: string) => get(QR_PREFIX + code);
export const saveQr = (code: string, svg: string) => set(QR_PREFIX + code, svg);
