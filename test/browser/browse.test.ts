import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, expectAccessible, newPage, signUpInPage, watchErrors } from "./browser";

type Movie = { id: string; title: string };
const stored = (page: Page) =>
  page.evaluate(() => ({
    token: JSON.parse(localStorage.getItem("marquee.session") ?? "{}").accessToken as string,
    profileId: (JSON.parse(localStorage.getItem("marquee.profile") ?? "{}").id ?? "") as string,
  }));

/** The API as the page's person, for what the test needs to know but the page does not show. */
async function apiAs<T>(page: Page, path: string): Promise<{ ok: boolean; body: T }> {
  const { token } = await stored(page);
  const res = await fetch(`${baseUrl}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { ok: res.ok, body: (await res.json()) as T };
}

async function apiPost<T>(page: Page, path: string, body: object): Promise<T> {
  const { token } = await stored(page);
  const res = await fetch(`${baseUrl}/api${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

async function playableMovie(page: Page): Promise<Movie> {
  const list = await apiAs<{ items: Movie[] }>(page, "/movies?sort=title&limit=100");
  for (const movie of list.body.items) {
    if ((await apiAs(page, `/movies/${movie.id}/playback`)).ok) return movie;
  }
  throw new Error("the demo catalog has no playable movie");
}

/** Images inside `scope` that loaded (a broken artwork URL has no natural width). */
const loadedImages = (page: Page, scope: string) =>
  page
    .getByRole("region", { name: scope, exact: true })
    .locator("img")
    .evaluateAll((images: HTMLImageElement[]) => images.filter((img) => img.complete && img.naturalWidth > 0).length);

describe("browsing in the browser", () => {
  it("home has rows with artwork; search as you type, arrow keys and Enter open a title; the title page plays and favourites", {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);

    // Home: trending and a row per genre, with the demo artwork loaded.
    await page.getByRole("region", { name: "Trending", exact: true }).waitFor();
    const genres = await apiAs<{ items: { id: string; name: string }[] }>(page, "/genres?limit=100");
    const genre = genres.body.items[0];
    // The row replaces its skeleton once loaded: wait for a card before scrolling to it.
    const genreRow = page.getByRole("region", { name: genre.name, exact: true });
    await genreRow.getByRole("link").first().waitFor();
    await genreRow.scrollIntoViewIfNeeded();
    await expect.poll(() => loadedImages(page, genre.name), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole("region", { name: "New releases", exact: true }).scrollIntoViewIfNeeded();
    await expect.poll(() => loadedImages(page, "New releases"), { timeout: 30_000 }).toBeGreaterThan(0);
    await expectAccessible(page);

    // Search as you type: results come without pressing Enter, their count is announced.
    const movie = await playableMovie(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
    // Typed in lower case without accents: the API folds them ("pelicula" finds "Película").
    const typed = movie.title.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    await page.getByLabel("Search titles and people").pressSequentially(typed, { delay: 30 });
    // The address follows the box once typing pauses; the count is announced when those results are in.
    await expect.poll(() => new URL(page.url()).searchParams.get("q"), { timeout: 15_000 }).toBe(typed);
    const announced = () =>
      page
        .getByRole("status")
        .filter({ hasText: /result/ })
        .textContent();
    await expect.poll(announced, { timeout: 15_000 }).toMatch(/^\d+ results?\./);
    await expectAccessible(page);

    // The down arrow leaves the box for the first result, and moves on until the movie is focused.
    await page.getByLabel("Search titles and people").press("ArrowDown");
    const focusedName = () => page.evaluate(() => document.activeElement?.textContent ?? "");
    for (let step = 0; step < 20 && !(await focusedName()).startsWith(movie.title); step++) {
      await page.keyboard.press("ArrowDown");
    }
    expect(await focusedName()).toContain(movie.title);
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe(`/movies/${movie.id}`);

    // The title page: facts, genres, cast with characters, and Play.
    await page.getByRole("heading", { level: 1, name: movie.title }).waitFor();
    await page.getByRole("link", { name: /^Play$|^Resume from/ }).waitFor();
    expect(await page.getByRole("list", { name: "Genres" }).getByRole("listitem").count()).toBeGreaterThan(0);
    const cast = page.getByRole("region", { name: "Cast" }).getByRole("listitem");
    await cast.first().waitFor();
    expect(await cast.first().textContent()).toMatch(/\S\s+as \S/);
    await page.getByRole("region", { name: "Ratings and reviews" }).waitFor();
    await expectAccessible(page);

    // Favourite: the button says so, and the profile's favourites (My list) have it.
    const favourite = page.getByRole("button", { name: "Favourite" });
    await expect.poll(() => favourite.isEnabled(), { timeout: 15_000 }).toBe(true);
    await favourite.click();
    await expect.poll(() => favourite.getAttribute("aria-pressed"), { timeout: 15_000 }).toBe("true");
    const { profileId } = await stored(page);
    const favorites = await apiAs<{ items: { item: { id: string } }[] }>(page, `/me/favorites?profileId=${profileId}`);
    expect(favorites.body.items.map((f) => f.item.id)).toContain(movie.id);

    errors.expectNone();
    await context.close();
  });

  it("on a title page: like, add to a playlist, and write a review that then shows with the ratings", {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    const person = await signUpInPage(page);
    const movie = await playableMovie(page);
    const playlist = await apiPost<{ id: string; name: string }>(page, "/playlists", { name: "Weekend", visibility: "private" });
    await page.goto(`/movies/${movie.id}`);
    await page.getByRole("heading", { level: 1, name: movie.title }).waitFor();

    const like = page.getByRole("button", { name: "Like", exact: true });
    const likes = async () => Number((await page.getByText(/^\d+ likes?$/).textContent())?.split(" ")[0]);
    const before = await likes();
    await like.click();
    await expect.poll(() => like.getAttribute("aria-pressed"), { timeout: 15_000 }).toBe("true");
    expect(await likes()).toBe(before + 1);

    await page.getByLabel("Playlist", { exact: true }).selectOption({ label: playlist.name });
    await page.getByRole("button", { name: "Add to playlist" }).click();
    await page.getByRole("status").filter({ hasText: "Added to Weekend." }).waitFor();
    const items = await apiAs<{ items: { item: { id: string } }[] }>(page, `/playlists/${playlist.id}/items`);
    expect(items.body.items.map((entry) => entry.item.id)).toContain(movie.id);
    // Adding it twice: the API's reason is what the person reads.
    await page.getByRole("button", { name: "Add to playlist" }).click();
    await page.getByRole("alert").filter({ hasText: "already in this playlist" }).waitFor();

    await page.getByRole("radio", { name: "4 stars" }).check();
    await page.getByLabel("Review (optional)").fill(`Tense & lovely <3 (${person.username})`);
    await page.getByRole("button", { name: "Post review" }).click();
    const reviews = page.getByRole("region", { name: "Ratings and reviews" });
    const mine = reviews.getByRole("listitem").filter({ hasText: `Tense & lovely <3 (${person.username})` });
    await mine.getByRole("img", { name: "4 out of 5 stars" }).waitFor();
    await reviews.getByText(/out of 5 from \d+ ratings?/).waitFor();
    await expectAccessible(page);
    // The second POST of the playlist item is the browser's own console line for a refused fetch.
    errors.expectNone([/409/]);
    await context.close();
  });

  it("a movie with nothing to play says so instead of offering Play, without asking the API for a stream", {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    const list = await apiAs<{ items: Movie[] }>(page, "/movies?sort=title&limit=100");
    let unplayable: Movie | undefined;
    for (const movie of list.body.items) {
      if (!(await apiAs(page, `/movies/${movie.id}/playback`)).ok) {
        unplayable = movie;
        break;
      }
    }
    if (!unplayable) throw new Error("every demo movie plays: the seed attaches media to only some");
    const streams: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/playback")) streams.push(request.url());
    });
    await page.goto(`/movies/${unplayable.id}`);
    await page.getByRole("heading", { name: unplayable.title }).waitFor();
    await page.getByText("this movie has nothing to play yet").waitFor();
    expect(await page.getByRole("link", { name: /^▶? ?(Play|Resume)/ }).count()).toBe(0);
    expect(streams).toEqual([]);
    errors.expectNone();
    await context.close();
  });

  it("a series page has a season picker, episodes with Play, and works 360 px wide", { timeout: 180_000 }, async () => {
    const { context, page } = await newPage({ width: 360, height: 740 });
    const errors = watchErrors(page);
    await signUpInPage(page);
    const found = await apiAs<{ items: { id: string; title: string; type: string }[] }>(
      page,
      "/search?q=harbor%20lights&type=series",
    );
    const series = found.body.items[0];
    await page.goto(`/series/${series.id}`);
    await page.getByRole("heading", { level: 1, name: series.title }).waitFor();
    await page.getByRole("link", { name: /Play S1 · E1/ }).waitFor();
    const episodes = page.getByRole("region", { name: "Episodes" }).getByRole("link", { name: /^Play season 1 episode/ });
    expect(await episodes.count()).toBeGreaterThan(0);
    // The season picker shows another season's episodes.
    const seasons = page.getByLabel("Season", { exact: true });
    if ((await seasons.locator("option").count()) > 1) {
      await seasons.selectOption({ label: "Season 2" });
      await page.getByRole("link", { name: /^Play season 2 episode 1:/ }).waitFor();
    }
    // Nothing sticks out sideways on a small phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectAccessible(page);
    errors.expectNone();
    await context.close();
  });
});
