/**
 * An order as an iCalendar file (RFC 5545): one VEVENT a calendar app imports as the showtime.
 * Pure functions, so the format's fussy parts (escaping, folding at 75 octets) are tested alone.
 */

const CRLF = "\r\n";
const LINE_OCTETS = 75;
const utf8 = new TextEncoder();

/** TEXT values escape backslash, semicolon and comma, and write line breaks as `\n` (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * Folds a content line into lines of at most 75 octets, each continuation starting with one space
 * (RFC 5545 3.1). Splits between characters, never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = utf8.encode(char).length;
    // A continuation's leading space counts towards its 75 octets.
    const limit = parts.length === 0 ? LINE_OCTETS : LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** A UTC DATE-TIME: `20300501T193000Z`. */
export function utcStamp(iso: string | number): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export interface CalendarOrder {
  orderId: string;
  cancelled: boolean;
  movieTitle: string;
  theaterName: string;
  startsAt: string;
  endsAt: string;
  tickets: { seat: string; code: string }[];
}

/** The whole file for one order, CRLF line ends included. */
export function orderCalendar(order: CalendarOrder, now = Date.now()): string {
  const seats = order.tickets.map((t) => t.seat).join(", ");
  const description = [
    `Seats: ${seats}`,
    ...order.tickets.map((t) => `Ticket ${t.seat}: ${t.code}`),
    order.cancelled ? "This order was refunded; these tickets are void." : "Show each ticket's QR code at the door.",
  ].join("\n");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Marquee//Box office//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${order.orderId}@marquee`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART:${utcStamp(order.startsAt)}`,
    `DTEND:${utcStamp(order.endsAt)}`,
    `SUMMARY:${escapeText(order.movieTitle)}`,
    `LOCATION:${escapeText(order.theaterName)}`,
    `DESCRIPTION:${escapeText(description)}`,
    // A later copy of the same UID with a higher SEQUENCE replaces the first in the calendar.
    `SEQUENCE:${order.cancelled ? 1 : 0}`,
    `STATUS:${order.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** A file name people recognise in their downloads: `marquee-<title>-<day>.ics`, ASCII only. */
export function calendarFileName(movieTitle: string, startsAt: string): string {
  const slug = movieTitle
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `marquee-${slug || "showtime"}-${startsAt.slice(0, 10)}.ics`;
}
