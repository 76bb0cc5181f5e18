import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, newPage, signUpInPage, watchErrors } from "./browser";

/** A demo movie that plays, asked as the page's person. */
async function playableMovie(page: Page) {
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("marquee.session") ?? "{}").accessToken as string);
  const list = (await (await fetch(`${baseUrl}/api/movies?sort=title&limit=100`)).json()) as {
    items: { id: string; title: string }[];
  };
  for (const movie of list.items) {
    const res = await fetch(`${baseUrl}/api/movies/${movie.id}/playback`, { headers: { authorization: `Bearer ${token}` } });
    if (res.ok) return movie;
  }
  throw new Error(
    "no demo movie plays: the seed attaches the demo reels only once their HLS conversion finishes within its wait (scripts/seed-media.mjs)",
  );
}

/** The focused element: its accessible name as far as a test needs it, and whether its focus ring shows. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: "", ring: false, tag: "" };
    const style = getComputedStyle(el);
    const visible = el.cloneNode(true) as HTMLElement;
    for (const hidden of visible.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
    const name = (el.getAttribute("aria-label") ?? visible.textContent ?? "").trim().replace(/\s+/g, " ");
    return { name, ring: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0, tag: el.tagName };
  });

/** Presses Tab until the focused element's name matches; each stop must show its focus. */
async function tabTo(page: Page, name: RegExp, most = 80) {
  for (let step = 0; step < most; step++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (now.tag === "") continue;
    expect(now.ring, `focus on "${now.name}" is visible`).toBe(true);
    if (name.test(now.name)) return now;
  }
  throw new Error(`no element named ${name} within ${most} presses of Tab`);
}

const videoState = (page: Page) =>
  page.locator("video").evaluate((v: HTMLVideoElement) => ({ paused: v.paused, time: v.currentTime }));

describe("the keyboard alone", () => {
  it("journey 3: from the home page to a playing title without the mouse; space pauses it", { timeout: 180_000 }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    const movie = await playableMovie(page);
    await page.goto("/");
    await page.getByRole("heading", { name: "Home" }).waitFor({ state: "attached" });

    await tabTo(page, /^Search$/);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/search");
    // The search box takes the focus on its own (once the page's chunk is in); the results are one arrow press away.
    const box = page.getByLabel("Search titles and people");
    await expect
      .poll(() => box.evaluate((input) => input === document.activeElement).catch(() => false), { timeout: 30_000 })
      .toBe(true);
    await page.keyboard.type(movie.title);
    // Typing is slow on a busy machine: the debounced search may run on part of the title first.
    // Wait for the whole title's results before moving into them, or they are replaced under the focus.
    await page.waitForURL((url) => url.searchParams.get("q") === movie.title);
    await page
      .getByRole("list", { name: "Results" })
      .getByRole("link", { name: new RegExp(`^${movie.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) })
      .first()
      .waitFor();
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("ArrowDown");
    let result = await focused(page);
    for (let step = 0; step < 20 && !result.name.startsWith(movie.title); step++) {
      await page.keyboard.press("ArrowDown");
      result = await focused(page);
    }
    expect(result.name.startsWith(movie.title)).toBe(true);
    expect(result.ring).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: movie.title, level: 1 }).waitFor();

    await tabTo(page, /^(Play|Resume)/);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) > 1, null, { timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe(`/watch/movie/${movie.id}`);

    // The player's Play/Pause holds the focus, its ring showing; space pauses.
    const control = await focused(page);
    expect(control).toMatchObject({ name: "Pause", ring: true });
    await page.keyboard.press("Space");
    await expect.poll(async () => (await videoState(page)).paused, { timeout: 10_000 }).toBe(true);
    const stopped = (await videoState(page)).time;
    await page.waitForTimeout(700);
    expect((await videoState(page)).time).toBe(stopped);
    // The arrows move 10 s (a focused button has no use for them); "?" shows the shortcuts on screen.
    await page.keyboard.press("ArrowRight");
    await expect
      .poll(async () => (await videoState(page)).time, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(Math.min(stopped + 9, 19));
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    errors.expectNone();
    await context.close();
  });
});
