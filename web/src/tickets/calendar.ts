import { api } from "../api/client";
import { okText } from "./queries";

/** "The Long Night: Part 2" → "the-long-night-part-2". */
const slug = (title: string) =>
  title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "showtime";

/**
 * Downloads the order's .ics (fetched through the typed client, which carries the token) as
 * `marquee-<movie>.ics`, by a link to a blob the browser saves.
 */
export async function downloadCalendar(orderId: string, movieTitle: string) {
  const text = await okText(api.orders[":id"]["calendar.ics"].$get({ param: { id: orderId } }));
  const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `marquee-${slug(movieTitle)}.ics`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the click; the blob can go once the browser has taken it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
