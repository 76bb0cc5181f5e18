import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, expectAccessible, newPage, signUpInPage, watchErrors } from "./browser";

type Movie = { id: string; title: string };

/** The first demo movie that plays and the first that has no media (with the API's reason), asked as the page's person. */
async function demoMovies(page: Page) {
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("marquee.session") ?? "{}").accessToken as string);
  const list = (await (await fetch(`${baseUrl}/api/movies?sort=title&limit=100`)).json()) as { items: Movie[] };
  let playable: Movie | undefined;
  let unplayable: (Movie & { detail: string }) | undefined;
  for (const movie of list.items) {
    const res = await fetch(`${baseUrl}/api/movies/${movie.id}/playback`, { headers: { authorization: `Bearer ${token}` } });
    if (res.ok) playable ??= movie;
    else unplayable ??= { ...movie, detail: ((await res.json()) as { detail: string }).detail };
    if (playable && unplayable) return { playable, unplayable };
  }
  throw new Error(
    "no demo movie plays, or every one does: the seed attaches the demo reels only once their HLS conversion finishes within its wait (scripts/seed-media.mjs)",
  );
}

const video = (page: Page) => page.locator("video");
const currentTime = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.currentTime);
/** Resolves once the video plays with data to show (the first frame is up). */
const playing = (page: Page) =>
  page.waitForFunction(
    () => {
      const v = document.querySelector("video");
      return v !== null && !v.paused && v.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA && v.currentTime > 0;
    },
    null,
    { timeout: 60_000 },
  );
const passes = (page: Page, seconds: number) =>
  page.waitForFunction((s) => (document.querySelector("video")?.currentTime ?? 0) > s, seconds, { timeout: 60_000 });
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("watching in the browser", () => {
  it("journey 1: sign up, search, open, play past 3 s, leave, continue watching on home, resume where it stopped", {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    const { playable } = await demoMovies(page);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
    await page.getByLabel("Search titles and people").fill(playable.title);
    await page
      .getByRole("list", { name: "Results" })
      .getByRole("link", { name: new RegExp(`^${literally(playable.title)}`) })
      .first()
      .click();
    await page.getByRole("heading", { name: playable.title, level: 1 }).waitFor();
    await page.getByRole("link", { name: /^(Play|Resume)/ }).click();

    await passes(page, 3);
    expect(new URL(page.url()).pathname).toBe(`/watch/movie/${playable.id}`);
    const left = await currentTime(page);
    // Leave: back to the title, then home. The player stores the position as it closes.
    await page.getByRole("link", { name: "Back", exact: true }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
    const resume = page
      .getByRole("region", { name: "Continue watching" })
      .getByRole("link", { name: new RegExp(`^${literally(playable.title)}`) });
    await resume.waitFor({ timeout: 30_000 });

    await resume.click();
    await playing(page);
    expect(await currentTime(page)).toBeGreaterThanOrEqual(left - 1);
    errors.expectNone();
    await context.close();
  });

  it("a title without media says why, in the API's words, instead of a blank screen", { timeout: 180_000 }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    const { unplayable } = await demoMovies(page);
    await page.goto(`/watch/movie/${unplayable.id}`);
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: 30_000 }).toContain(unplayable.detail);
    await page.getByRole("heading", { name: unplayable.title, level: 1 }).waitFor();
    expect(await page.getByRole("link", { name: "Back", exact: true }).getAttribute("href")).toBe(`/movies/${unplayable.id}`);
    await expectAccessible(page);
    // The playback request's 404 is the browser's own console line for a failed fetch; it is the case under test.
    errors.expectNone([/status of 404/]);
    await context.close();
  });

  it("an expired stream URL is renewed by the player itself; a second failure offers Try again", {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    const { playable } = await demoMovies(page);
    // What happened, in order: the player's requests for a signed URL, and playlists refused as expired.
    // Counted from the first refusal on: React's development build (StrictMode) may ask twice at mount.
    let events: ("signed" | "refused")[] = [];
    const signedAfterRefusal = () => events.slice(events.indexOf("refused")).filter((e) => e === "signed").length;
    page.on("request", (request) => {
      // Only the player's own: home and title pages ask the same route whether a title plays.
      const from = new URL(request.frame().url()).pathname;
      if (from.startsWith("/watch/") && new URL(request.url()).pathname === `/api/movies/${playable.id}/playback`)
        events.push("signed");
    });
    const refuse = (route: Route) => {
      events.push("refused");
      return route.fulfill({ status: 403, contentType: "application/problem+json", body: "{}" });
    };

    // The first playlist answers as an expired link does: one fresh URL, and it plays.
    await page.route("**/stream/**/*.m3u8", (route) => (events.includes("refused") ? route.continue() : refuse(route)));
    await page.goto(`/watch/movie/${playable.id}?t=0`);
    await passes(page, 1);
    expect(signedAfterRefusal()).toBe(1);
    expect(await page.getByRole("alert").count()).toBe(0);
    // Paused, the controls stay on screen; axe judges them once their fade-in has finished.
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await page.waitForTimeout(500);
    await expectAccessible(page);

    // Every playlist refused: one renewal, then the message with Try again, which works once the links do.
    await page.unroute("**/stream/**/*.m3u8");
    await page.route("**/stream/**/*.m3u8", refuse);
    events = [];
    await page.goto(`/watch/movie/${playable.id}?t=0`);
    await expect.poll(() => page.getByRole("alert").textContent(), { timeout: 30_000 }).toMatch(/expired/);
    expect(events.filter((e) => e === "refused")).toHaveLength(2);
    expect(signedAfterRefusal()).toBe(1);
    await page.unroute("**/stream/**/*.m3u8");
    await page.getByRole("button", { name: "Try again" }).click();
    await passes(page, 1);
    expect(signedAfterRefusal()).toBe(2);
    // The refused playlists are the browser's own console lines for failed loads; they are the case under test.
    errors.expectNone([/status of 403/]);
    await context.close();
  });

  it("without Media Source Extensions the browser's own HLS plays the stream", { timeout: 180_000 }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    const { playable } = await demoMovies(page);
    // As on an iPhone: no MSE for hls.js, HLS in the <video> itself (recent Chromium plays it too).
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      delete w.MediaSource;
      delete w.ManagedMediaSource;
    });
    await page.goto(`/watch/movie/${playable.id}?t=0`);
    const native = await page.evaluate(() => document.createElement("video").canPlayType("application/vnd.apple.mpegurl"));
    if (!native) {
      // A Chromium without its own HLS: the player says so rather than showing a black box.
      await expect.poll(() => page.getByRole("alert").textContent(), { timeout: 30_000 }).toMatch(/cannot play/);
    } else {
      await passes(page, 1);
      expect(await video(page).evaluate((v: HTMLVideoElement) => v.currentSrc)).toMatch(/\/stream\/.+\.m3u8$/);
      // The ladder is the browser's own business then: no quality menu to offer.
      expect(await page.getByLabel("Quality").count()).toBe(0);
    }
    errors.expectNone();
    await context.close();
  });

  it("Play → first frame on the demo data, median of 10", { timeout: 300_000 }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    const { playable } = await demoMovies(page);
    // The first frame shown: requestVideoFrameCallback after the first `playing` (ms since the
    // document's navigation began); `playClicked` is when a link into the player was clicked.
    await page.addInitScript(() => {
      const w = window as unknown as { firstFrame?: number; playClicked?: number };
      document.addEventListener(
        "click",
        (event) => {
          if ((event.target as Element).closest('a[href^="/watch/"]')) w.playClicked = performance.now();
        },
        true,
      );
      document.addEventListener(
        "playing",
        (event) => {
          const v = event.target as HTMLVideoElement;
          if (w.firstFrame !== undefined) return;
          if ("requestVideoFrameCallback" in v) v.requestVideoFrameCallback((now) => (w.firstFrame ??= now));
          else w.firstFrame = performance.now();
        },
        true,
      );
    });
    const firstFrame = async () =>
      (await (
        await page.waitForFunction(() => (window as unknown as { firstFrame?: number }).firstFrame, null, { timeout: 60_000 })
      ).jsonValue()) as number;
    const median = (times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return Math.round((sorted[4] + sorted[5]) / 2);
    };

    // Opening the player's address: the app, the session, the player's chunk, hls.js, the signed URL, the media.
    const loads: number[] = [];
    for (let run = 0; run < 10; run++) {
      await page.goto(`/watch/movie/${playable.id}?t=0`);
      loads.push(await firstFrame());
    }
    // Pressing Play on the title page, in the running app.
    const clicks: number[] = [];
    await page.goto(`/movies/${playable.id}`);
    for (let run = 0; run < 10; run++) {
      await page.evaluate(() => {
        const w = window as unknown as { firstFrame?: number; playClicked?: number };
        w.firstFrame = undefined;
        w.playClicked = undefined;
      });
      await page.getByRole("link", { name: /^(Play|Resume)/ }).click();
      const shown = await firstFrame();
      clicks.push(shown - (await page.evaluate(() => (window as unknown as { playClicked: number }).playClicked)));
      await page.getByRole("link", { name: "Back", exact: true }).click();
      await page.getByRole("heading", { name: playable.title, level: 1 }).waitFor();
    }
    const ms = (times: number[]) => times.map(Math.round).join(", ");
    console.log(`Play → first frame, median of 10: ${median(clicks)} ms from Play on the title page (runs: ${ms(clicks)})`);
    console.log(`Opening /watch/movie/… → first frame, median of 10: ${median(loads)} ms (runs: ${ms(loads)})`);
    expect(median(clicks)).toBeGreaterThan(0);
    errors.expectNone();
    await context.close();
  });
});
