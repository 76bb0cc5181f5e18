import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { adminToken, expectAccessible, newPage, signUpInPage, stackApi, watchErrors } from "./browser";

const HLS = "application/vnd.apple.mpegurl";

// The test's own titles go when it ends, so the catalog other tests read stays as seeded.
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/**
 * A demo reel the admin uploaded: one whose best conversion is HLS, as the seed makes them, else
 * (conversions still running after a restart) one that plays as uploaded.
 */
async function demoReel(token: string) {
  const media = await stackApi(token).media.$get({ query: { limit: "100" } });
  if (media.status !== 200) throw new Error(`GET /api/media answered ${media.status}`);
  let playable: string | undefined;
  for (const item of (await media.json()).items.filter((i) => i.kind === "video")) {
    const playback = await stackApi(token).media[":id"].playback.$get({ param: { id: item.id }, query: {} });
    if (playback.status !== 200) continue;
    if ((await playback.json()).type === HLS) return item.id;
    playable ??= item.id;
  }
  if (playable) return playable;
  throw new Error("the admin has no playable demo reel (scripts/seed-media.mjs)");
}

/**
 * A subscription movie of the test's own, so the demo titles other tests play stay free. Its
 * title sorts after theirs: the watch tests take the first demo movies by title.
 */
async function subscriptionMovie(token: string) {
  const api = stackApi(token);
  const json = {
    title: `Zzz Paywall ${Date.now().toString(36)}`,
    releaseYear: 2024,
    runtimeMinutes: 3,
    access: "subscription" as const,
  };
  const created = await api.movies.$post({ json });
  if (created.status !== 201) throw new Error(`creating the movie answered ${created.status}`);
  const movie = await created.json();
  cleanups.push(() => api.movies[":id"].$delete({ param: { id: movie.id } }));
  const attached = await api.movies[":id"].media.$put({ param: { id: movie.id }, json: { mediaId: await demoReel(token) } });
  if (attached.status !== 200) throw new Error(`attaching the reel answered ${attached.status}`);
  return movie;
}

/** An active plan to subscribe to: the cheapest there is, or one made for the test when there is none. */
async function anyPlan(token: string) {
  const plans = await stackApi().plans.$get({ query: {} });
  const cheapest = plans.status === 200 ? (await plans.json()).items[0] : undefined;
  if (cheapest) return cheapest;
  const json = { name: "Basic", price: 799, currency: "eur" as const, interval: "month" as const, maxStreams: 1 };
  const created = await stackApi(token).plans.$post({ json });
  if (created.status !== 201) throw new Error(`creating a plan answered ${created.status}`);
  return created.json();
}

const sessionToken = (page: Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem("marquee.session") ?? "{}").accessToken as string);

const playing = (page: Page) =>
  page.waitForFunction(
    () => {
      const v = document.querySelector("video");
      return v !== null && !v.paused && v.currentTime > 0.5;
    },
    null,
    { timeout: 60_000 },
  );

describe("the paywall in the player", () => {
  it("a viewer without a subscription sees the plans offer; once subscribed, the same title plays", {
    timeout: 180_000,
  }, async () => {
    const admin = await adminToken();
    const movie = await subscriptionMovie(admin);
    const plan = await anyPlan(admin);

    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);

    await page.goto(`/movies/${movie.id}`);
    await page.getByRole("heading", { name: movie.title, level: 1 }).waitFor();
    await page.getByText("Subscription", { exact: true }).waitFor();

    await page.goto(`/watch/movie/${movie.id}`);
    await page.getByRole("heading", { name: "Subscribe to watch" }).waitFor({ timeout: 30_000 });
    await page.getByText("This title is included with a Marquee subscription.").waitFor();
    const seePlans = page.getByRole("link", { name: "See plans" });
    expect(await seePlans.getAttribute("href")).toBe("/plans");
    expect(await page.getByRole("alert").count()).toBe(0);
    await expectAccessible(page);

    // See plans → subscribe with 4242… → back to the title, which now plays.
    await seePlans.click();
    await page.waitForURL((url) => url.pathname === "/plans");
    await page
      .getByRole("article", { name: plan.name })
      .getByRole("button", { name: `Subscribe to ${plan.name}` })
      .click();
    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.getByLabel("Expiry (MM/YY)").fill("12/34");
    await page.getByLabel("CVC").fill("123");
    await page.getByRole("button", { name: /^Subscribe for / }).click();
    await page.waitForURL((url) => url.pathname === "/account/billing", { timeout: 30_000 });
    const subscribed = await stackApi(await sessionToken(page)).me.subscription.$get();
    if (subscribed.status !== 200) throw new Error(`GET /me/subscription answered ${subscribed.status}`);
    expect((await subscribed.json()).subscription?.plan.id).toBe(plan.id);

    await page.goto(`/watch/movie/${movie.id}`);
    await playing(page);
    expect(await page.getByRole("heading", { name: "Subscribe to watch" }).count()).toBe(0);
    // The 402 before subscribing is the browser's own console line for a refused fetch; it is the case under test.
    errors.expectNone([/status of 402/]);
    await context.close();
  });
});
