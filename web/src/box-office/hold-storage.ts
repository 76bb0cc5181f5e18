/**
 * The hold this tab made on a showtime, kept in sessionStorage so that coming back from
 * checkout with the browser's Back shows the seats as held for you (the page checks the hold
 * with the API before believing it).
 */
const key = (showtimeId: string) => `marquee.hold.${showtimeId}`;

export function storedHold(showtimeId: string): string | null {
  try {
    return sessionStorage.getItem(key(showtimeId));
  } catch {
    return null;
  }
}

export function storeHold(showtimeId: string, holdId: string | null) {
  try {
    if (holdId) sessionStorage.setItem(key(showtimeId), holdId);
    else sessionStorage.removeItem(key(showtimeId));
  } catch {
    // Storage refused (private mode, quota): the hold still works, it just is not remembered.
  }
}
