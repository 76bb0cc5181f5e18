import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectProblemOf } from "../../test/client";
import { calendarFileName, escapeText, foldLine, orderCalendar, utcStamp } from "./calendar";
import { CLEANING_BUFFER_MINUTES } from "./rules";
import { adminToken, buy, card, createShowtime, holdOk, order } from "./test-helpers";

const calendar = (token: string | undefined, id: string) => client(token).orders[":id"]["calendar.ics"].$get({ param: { id } });

/** The file's content lines, continuation lines joined back (RFC 5545 3.1 unfolding). */
const unfold = (ics: string) => ics.replace(/\r\n /g, "").split("\r\n");
const octets = (line: string) => new TextEncoder().encode(line).length;

describe("calendar file format", () => {
  it("escapes text values", () => {
    expect(escapeText("Back; to, the\\Future\nPart II")).toBe("Back\\; to\\, the\\\\Future\\nPart II");
  });

  it("folds at 75 octets without splitting a character", () => {
    const line = `SUMMARY:${"Amélie 🎬 ".repeat(20)}`;
    const folded = foldLine(line);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const [i, part] of lines.entries()) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(" ")).toBe(true);
    }
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(foldLine("SHORT:line")).toBe("SHORT:line");
  });

  it("writes one event with CRLF line ends", () => {
    const ics = orderCalendar(
      {
        orderId: "ord1",
        cancelled: false,
        movieTitle: "Heat, Director's Cut",
        theaterName: "Screen 1; Hall A",
        startsAt: "2030-05-01T19:30:00.000Z",
        endsAt: "2030-05-01T22:20:00.000Z",
        tickets: [{ seat: "E7", code: "CODE7" }],
      },
      Date.parse("2030-04-01T10:00:00Z"),
    );
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = unfold(ics);
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "UID:ord1@marquee",
        "DTSTAMP:20300401T100000Z",
        "DTSTART:20300501T193000Z",
        "DTEND:20300501T222000Z",
        "SUMMARY:Heat\\, Director's Cut",
        "LOCATION:Screen 1\\; Hall A",
        "DESCRIPTION:Seats: E7\\nTicket E7: CODE7\\nShow each ticket's QR code at the door.",
        "STATUS:CONFIRMED",
        "END:VCALENDAR",
      ]),
    );
    expect(utcStamp("2030-01-02T03:04:05.678Z")).toBe("20300102T030405Z");
  });

  it("names the file after the title and day, in ASCII", () => {
    expect(calendarFileName("Amélie: Le Fabuleux Destin!", "2030-05-01T19:30:00Z")).toBe(
      "marquee-amelie-le-fabuleux-destin-2030-05-01.ics",
    );
    expect(calendarFileName("東京物語", "2030-05-01T19:30:00Z")).toBe("marquee-showtime-2030-05-01.ics");
  });
});

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("GET /orders/{id}/calendar.ics", { timeout: 60_000 }, () => {
  it("gives the buyer and staff the order as an event, cancelled once refunded", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const paid = await buy(user.accessToken, showtime.id, ["E7", "E8"]);
    const res = await calendar(user.accessToken, paid.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="marquee-movie-[\w-]+\.ics"$/);
    const ics = await res.text();
    const lines = unfold(ics);
    const filmEnd = Date.parse(showtime.endsAt) - CLEANING_BUFFER_MINUTES * 60_000;
    expect(lines).toEqual(
      expect.arrayContaining([
        `UID:${paid.id}@marquee`,
        `DTSTART:${utcStamp(showtime.startsAt)}`,
        `DTEND:${utcStamp(filmEnd)}`,
        `SUMMARY:${escapeText(showtime.movieTitle)}`,
        `LOCATION:${escapeText(showtime.theaterName)}`,
        "STATUS:CONFIRMED",
      ]),
    );
    const description = lines.find((l) => l.startsWith("DESCRIPTION:")) ?? "";
    expect(description).toContain("Seats: E7\\, E8");
    for (const ticket of paid.tickets) expect(description).toContain(ticket.code);
    for (const line of ics.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);

    expect((await calendar(await adminToken(), paid.id)).status).toBe(200);
    const refund = await client(user.accessToken).orders[":id"].refund.$post({ param: { id: paid.id } });
    expect(refund.status).toBe(200);
    const cancelled = unfold(await (await calendar(user.accessToken, paid.id)).text());
    expect(cancelled).toEqual(expect.arrayContaining(["STATUS:CANCELLED", "SEQUENCE:1", `UID:${paid.id}@marquee`]));
  });

  it("hides others' orders, needs a sign-in, and refuses an order never paid", async () => {
    const showtime = await createShowtime();
    const user = await registerUser();
    const paid = await buy(user.accessToken, showtime.id, ["A1"]);
    await expectProblemOf(await calendar((await registerUser()).accessToken, paid.id), 404);
    await expectProblemOf(await calendar(undefined, paid.id), 401);
    await expectProblemOf(await calendar(user.accessToken, "no-such-order"), 404);

    const held = await holdOk(user.accessToken, showtime.id, { seats: ["A2"] });
    expect((await order(user.accessToken, { holdId: held.id, card: card("4000 0000 0000 0002") })).status).toBe(402);
    const failed = await env.DB.prepare("SELECT id FROM orders WHERE user_id = ? AND status = 'failed'")
      .bind(user.id)
      .first<{ id: string }>();
    const refused = await expectProblemOf(await calendar(user.accessToken, failed?.id ?? ""), 409);
    expect(refused.detail).toContain("never paid");
  });
});
