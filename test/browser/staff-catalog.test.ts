import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../containers/transcoder/engines.mjs";
import {
  adminToken,
  expectAccessible,
  newPage,
  newPerson,
  newStaff,
  signInInPage,
  signUpInPage,
  stackApi,
  watchErrors,
} from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

/** A 1×1 PNG, made by hand: the smallest image the artwork route accepts. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

let counter = 0;
/** A name unique within the run, so searches and lists find exactly what this test made. */
const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A new admin, signed in on a fresh page. */
async function adminPage(admin?: Awaited<ReturnType<typeof newStaff>>) {
  const who = admin ?? (await newStaff("admin", "catalog"));
  const { context, page } = await newPage();
  const errors = watchErrors(page);
  await signInInPage(page, who.email, who.password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), soon);
  return { context, page, errors };
}

/** A 3 s test clip (made by the transcoder's own engine), uploaded as the admin's own media item. */
async function uploadClip(admin: { email: string; password: string }, title: string) {
  const dir = await mkdtemp(join(tmpdir(), "marquee-catalog-"));
  try {
    const made = await createEngine().run(
      [
        ...["-f", "lavfi", "-i", "testsrc=duration=3:size=160x120:rate=15"],
        ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "clip.mp4"],
      ],
      { cwd: dir },
    );
    expect(made.code, made.stderr).toBe(0);
    const login = await stackApi().auth.login.$post({ json: { identifier: admin.email, password: admin.password } });
    if (login.status !== 200) throw new Error(`signing in answered ${login.status}`);
    const { accessToken } = await login.json();
    const form = new FormData();
    form.set("file", new Blob([await readFile(join(dir, "clip.mp4"))], { type: "video/mp4" }), `${title}.mp4`);
    const res = await stackApi(accessToken).media.$post({ form: { file: form.get("file") as File } });
    if (res.status !== 201) throw new Error(`uploading answered ${res.status}`);
    const media = await res.json();
    const renamed = await stackApi(accessToken).media[":id"].$patch({ param: { id: media.id }, json: { title } });
    if (renamed.status !== 200) throw new Error(`renaming answered ${renamed.status}`);
    return { id: media.id, title, accessToken };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The message shown under a field (its aria-describedby), as a person reads it. */
async function fieldMessage(page: Page, label: string) {
  const field = page.getByLabel(label, { exact: true });
  await expect.poll(() => field.getAttribute("aria-invalid"), soon).toBe("true");
  const ids = (await field.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(ids.split(" ").map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

/** A movie as the API has it now. */
async function movieNow(id: string) {
  const res = await stackApi().movies[":id"].$get({ param: { id } });
  if (res.status !== 200) throw new Error(`reading the movie answered ${res.status}`);
  return res.json();
}

/** Catalog records made through the API, to arrange what the page then edits. */
async function arrange() {
  const api = stackApi(await adminToken());
  const movie = await api.movies.$post({ json: { title: unique("Cast Test"), runtimeMinutes: 101, releaseYear: 2021 } });
  if (movie.status !== 201) throw new Error(`creating a movie answered ${movie.status}`);
  const people = [];
  for (const name of [unique("Ada Castwell"), unique("Bo Castwell")]) {
    const person = await api.people.$post({ json: { name } });
    if (person.status !== 201) throw new Error(`creating a person answered ${person.status}`);
    people.push(await person.json());
  }
  const character = await api.characters.$post({ json: { name: "Captain Vega", personId: people[0].id } });
  if (character.status !== 201) throw new Error(`creating a character answered ${character.status}`);
  return { movie: await movie.json(), people, character: await character.json() };
}

describe("the staff console's catalog", () => {
  it("refuses a plain user: Staff only", async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page, newPerson("plain"));
    await page.goto("/staff/catalog");
    await page.getByRole("heading", { level: 1, name: "Staff only" }).waitFor(soon);
    expect(await page.getByRole("navigation", { name: "Catalog" }).count()).toBe(0);
    errors.expectNone();
    await context.close();
  });

  it("creates a movie through the form (axe-clean); a viewer finds it and opens its page; the edit page saves", {
    timeout: 180_000,
  }, async () => {
    const { context, page, errors } = await adminPage();
    const listed = await stackApi().genres.$get({ query: { limit: "100" } });
    if (listed.status !== 200) throw new Error(`listing genres answered ${listed.status}`);
    const genre = (await listed.json()).items[0];

    await page.goto("/staff/catalog");
    await page.getByRole("heading", { level: 1, name: "Catalog" }).waitFor(soon);
    await page.getByRole("navigation", { name: "Catalog" }).getByRole("link", { name: "Movies" }).click();
    await page.getByRole("heading", { level: 1, name: "Movies" }).waitFor(soon);
    await page.getByRole("link", { name: "New movie" }).click();
    await page.waitForURL("**/staff/catalog/movies/new");
    await page.getByRole("heading", { level: 1, name: "New movie" }).waitFor(soon);
    await page.getByRole("checkbox", { name: genre.name }).waitFor(soon);
    await expectAccessible(page);

    const title = unique("Quillon Drift");
    // Not `exact`: the form's contract is that "Title" names one field, however a test asks for it.
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Runtime (minutes)").fill("97");
    await page.getByLabel("Release year").fill("2024");
    await page.getByLabel("Synopsis").fill("A cartographer maps a river that moves every night.");
    await page.getByRole("checkbox", { name: genre.name }).check();
    await page.getByRole("button", { name: "Create movie" }).click();

    await page.getByRole("heading", { level: 1, name: title }).waitFor(soon);
    const id = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    expect(page.url()).toMatch(new RegExp(`/staff/catalog/movies/${id}$`));
    expect(await page.getByRole("checkbox", { name: genre.name }).isChecked()).toBe(true);
    await expectAccessible(page);

    // The edit page saves with "Save changes" and says so politely; the movie goes behind the paywall.
    await page.getByLabel("Runtime (minutes)").fill("99");
    await page.getByRole("radio", { name: "Subscribers only" }).check();
    await page.getByLabel("Plan features it needs (optional)").fill("premium_titles");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /^Saved$/ })
      .waitFor(soon);
    const saved = await movieNow(id);
    expect(saved.runtimeMinutes).toBe(99);
    expect([saved.access, saved.requiredFeatures]).toEqual(["subscription", ["premium_titles"]]);

    // A viewer finds it in the search and on its own page.
    const viewer = await newPage();
    const viewerErrors = watchErrors(viewer.page);
    await signUpInPage(viewer.page, newPerson("viewer"));
    await viewer.page.goto(`/search?q=${encodeURIComponent(title)}`);
    await viewer.page
      .getByRole("link", { name: new RegExp(title) })
      .first()
      .waitFor(soon);
    await viewer.page.goto(`/movies/${id}`);
    await viewer.page.getByRole("heading", { level: 1, name: title }).waitFor(soon);
    await viewer.page.getByText("A cartographer maps a river").waitFor(soon);
    await viewer.page.getByText("Premium", { exact: true }).first().waitFor(soon);
    viewerErrors.expectNone();
    await viewer.context.close();

    // Delete asks first, naming the movie.
    await page.getByRole("button", { name: "Delete movie" }).click();
    await page.getByText(`Delete the movie “${title}”?`).waitFor(soon);
    await page.getByRole("button", { name: `Delete “${title}”` }).click();
    await page.getByRole("heading", { level: 1, name: "Movies" }).waitFor(soon);
    expect((await stackApi().movies[":id"].$get({ param: { id } })).status).toBe(404);

    errors.expectNone();
    await context.close();
  });

  it("shows the API's field messages: empty title, runtime 0", async () => {
    const { context, page, errors } = await adminPage();
    await page.goto("/staff/catalog/movies/new");
    await page.getByRole("heading", { level: 1, name: "New movie" }).waitFor(soon);
    await page.getByLabel("Runtime (minutes)").fill("0");
    await page.getByLabel("Release year").fill("2020");
    await page.getByRole("button", { name: "Create movie" }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor(soon);
    expect(await fieldMessage(page, "Title")).toMatch(/>=1 characters/);
    expect(await fieldMessage(page, "Runtime (minutes)")).toMatch(/>=1/);
    expect(await page.getByLabel("Release year").getAttribute("aria-invalid")).toBeNull();
    expect(new URL(page.url()).pathname).toBe("/staff/catalog/movies/new");

    // Typing clears the message; a valid movie goes through.
    const title = unique("Fixed Up");
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Runtime (minutes)").fill("88");
    expect(await page.getByLabel("Title", { exact: true }).getAttribute("aria-invalid")).toBeNull();
    await page.getByRole("button", { name: "Create movie" }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor(soon);
    // 400s are what the test asked for.
    errors.expectNone([/status of 400/]);
    await context.close();
  });

  it("edits a movie's cast: adds people as characters, reorders, removes, saves", { timeout: 120_000 }, async () => {
    const { movie, people, character } = await arrange();
    const { context, page, errors } = await adminPage();
    await page.goto(`/staff/catalog/movies/${movie.id}`);
    await page.getByRole("heading", { level: 1, name: movie.title }).waitFor(soon);
    await page.getByText("Nobody in the cast yet.").waitFor(soon);

    // The first person, as the character they already play.
    await page.getByLabel("Find a person").fill(people[0].name);
    await page.getByRole("button", { name: `Choose ${people[0].name}` }).click();
    await page.getByLabel("Character", { exact: true }).waitFor(soon);
    expect(await page.getByLabel("Character", { exact: true }).inputValue()).toBe(character.id);
    await page.getByRole("button", { name: `Add ${people[0].name}` }).click();

    // The second, as a new character.
    await page.getByLabel("Find a person").fill(people[1].name);
    await page.getByRole("button", { name: `Choose ${people[1].name}` }).click();
    await page.getByLabel("Character", { exact: true }).waitFor(soon);
    await page.getByLabel("Character", { exact: true }).selectOption({ label: "A new character…" });
    await page.getByLabel("New character's name").fill("Dr. Ilse Marr");
    await page.getByRole("button", { name: `Add ${people[1].name}` }).click();

    const cast = page.getByRole("list", { name: "Cast in billing order" });
    await cast.getByText("Dr. Ilse Marr").waitFor(soon);
    expect(await cast.getByRole("listitem").allTextContents()).toEqual([
      expect.stringContaining(`${people[0].name} as Captain Vega`),
      expect.stringContaining(`${people[1].name} as Dr. Ilse Marr`),
    ]);
    await expectAccessible(page);
    await page.getByRole("button", { name: `Move ${people[1].name} up` }).click();
    expect(await cast.getByRole("listitem").first().textContent()).toContain(people[1].name);
    await page.getByRole("button", { name: "Save cast" }).click();
    await page.getByRole("status").filter({ hasText: "Cast saved" }).waitFor(soon);
    const afterSave = await movieNow(movie.id);
    expect(afterSave.cast.map((member) => member.character.name)).toEqual(["Dr. Ilse Marr", "Captain Vega"]);

    await page.getByRole("button", { name: `Remove ${people[0].name} as Captain Vega` }).click();
    await page.getByText("Unsaved changes to the cast.").waitFor(soon);
    await page.getByRole("button", { name: "Save cast" }).click();
    await page.getByRole("status").filter({ hasText: "Cast saved" }).waitFor(soon);
    const afterRemove = await movieNow(movie.id);
    expect(afterRemove.cast.map((member) => member.person.name)).toEqual([people[1].name]);

    errors.expectNone();
    await context.close();
  });

  it("uploads a poster: the chosen file is previewed, then the stored one shows; remove takes it away", {
    timeout: 120_000,
  }, async () => {
    const { movie } = await arrange();
    const { context, page, errors } = await adminPage();
    await page.goto(`/staff/catalog/movies/${movie.id}`);
    await page.getByRole("heading", { level: 1, name: movie.title }).waitFor(soon);
    await page.getByText("No poster yet").waitFor(soon);

    await page.getByLabel("Choose a poster image").setInputFiles({ name: "tiny-poster.png", mimeType: "image/png", buffer: PNG });
    const preview = page.getByRole("img", { name: "Preview of the chosen poster, tiny-poster.png" });
    await preview.waitFor(soon);
    expect(await preview.getAttribute("src")).toMatch(/^blob:/);
    await page.getByRole("button", { name: "Upload poster" }).click();
    await page.getByRole("status").filter({ hasText: "Poster uploaded." }).waitFor(soon);
    const stored = page.getByRole("img", { name: "Current poster" });
    await stored.waitFor(soon);
    expect(await stored.getAttribute("src")).toMatch(/^\/api\/artwork\/[0-9a-f]{64}\.png$/);
    await expect.poll(() => stored.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), soon).toBe(1);
    expect(await preview.count()).toBe(0);

    await page.getByRole("button", { name: "Remove poster" }).click();
    await page.getByRole("status").filter({ hasText: "Poster removed." }).waitFor(soon);
    await page.getByText("No poster yet").waitFor(soon);

    errors.expectNone();
    await context.close();
  });

  it("builds a series: a season, an episode added and edited; the episode gets playable media, previewed, then detached", {
    timeout: 180_000,
  }, async () => {
    const admin = await newStaff("admin", "catalog");
    const clip = await uploadClip(admin, unique("Harbor clip"));
    const { context, page, errors } = await adminPage(admin);

    await page.goto("/staff/catalog/series/new");
    await page.getByRole("heading", { level: 1, name: "New series" }).waitFor(soon);
    const title = unique("Tidewater");
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Release year").fill("2023");
    await page.getByRole("button", { name: "Create series" }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor(soon);
    await page.getByText("No seasons yet.").waitFor(soon);

    // A season, then an episode in it.
    expect(await page.getByLabel("Season number").inputValue()).toBe("1");
    await page.getByLabel("Season title (optional)").fill("The Crossing");
    await page.getByRole("button", { name: "Add season" }).click();
    await page.getByRole("heading", { level: 3, name: "Season 1: The Crossing" }).waitFor(soon);
    await page.getByRole("button", { name: "Add an episode to season 1" }).click();
    await page.getByLabel("Episode title").fill("Low Water");
    await page.getByLabel("Runtime (minutes)").fill("0");
    await page.getByRole("button", { name: "Add episode" }).click();
    expect(await fieldMessage(page, "Runtime (minutes)")).toMatch(/>=1/);
    await page.getByLabel("Runtime (minutes)").fill("44");
    await page.getByRole("button", { name: "Add episode" }).click();
    const episodes = page.getByRole("list", { name: "Episodes of Season 1: The Crossing" });
    await episodes.getByRole("link", { name: "1. Low Water" }).click();

    // The episode's page: edit it, attach one of the admin's media items after previewing it.
    await page.getByRole("heading", { level: 1, name: "Low Water" }).waitFor(soon);
    await page.getByText("Season 1, episode 1").waitFor(soon);
    await page.getByLabel("Episode title").fill("Low Water, High Sky");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /^Saved$/ })
      .waitFor(soon);
    await page.getByRole("heading", { level: 1, name: "Low Water, High Sky" }).waitFor(soon);

    await page.getByText("Nothing to play yet").waitFor(soon);
    await page.getByLabel("One of your media items").selectOption(clip.id);
    await page.getByLabel(`Play ${clip.title}`).waitFor(soon);
    await page.getByText(/^Playing /).waitFor(soon);
    await page.getByRole("button", { name: "Attach to “Low Water, High Sky”" }).click();
    await page.getByRole("status").filter({ hasText: "is now what “Low Water, High Sky” plays" }).waitFor(soon);
    const preview = page.getByRole("link", { name: "Preview “Low Water, High Sky” in the player" });
    await preview.waitFor(soon);
    const episodeId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    expect(await preview.getAttribute("href")).toBe(`/watch/episode/${episodeId}`);
    const playback = await stackApi(clip.accessToken).episodes[":id"].playback.$get({ param: { id: episodeId }, query: {} });
    expect(playback.status).toBe(200);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Detach media" }).click();
    await page.getByRole("status").filter({ hasText: "has nothing to play now" }).waitFor(soon);
    await page.getByText("Nothing to play yet").waitFor(soon);

    // Back on the series, the episode is listed under its new title.
    await page.getByRole("link", { name: `← ${title}` }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor(soon);
    await episodes.getByRole("link", { name: "1. Low Water, High Sky" }).waitFor(soon);

    errors.expectNone([/status of 400/]);
    await context.close();
  });

  it("genres, people and characters: create, search, rename; a genre in use cannot be deleted and says why", {
    timeout: 120_000,
  }, async () => {
    const { context, page, errors } = await adminPage();

    // A genre, found by the list's search, renamed.
    const genre = unique("Tidepunk");
    await page.goto("/staff/catalog/genres/new");
    await page.getByLabel("Genre name").fill(genre);
    await page.getByRole("button", { name: "Create genre" }).click();
    await page.getByRole("heading", { level: 1, name: genre }).waitFor(soon);
    await page.getByLabel("Genre name").fill(`${genre} noir`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { level: 1, name: `${genre} noir` }).waitFor(soon);
    const genreId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    await page.getByRole("navigation", { name: "Catalog" }).getByRole("link", { name: "Genres" }).click();
    await page.getByLabel("Search genres").fill(genre.toLowerCase());
    await page
      .getByRole("list", { name: "Genres" })
      .getByRole("link", { name: `${genre} noir` })
      .waitFor(soon);
    await page
      .getByRole("status")
      .filter({ hasText: /^1 result for/ })
      .waitFor(soon);

    // In use by a movie, it cannot go: the API's reason shows.
    const movie = await stackApi(await adminToken()).movies.$post({
      json: { title: unique("Genre Holder"), runtimeMinutes: 90, releaseYear: 2022, genres: [genreId] },
    });
    expect(movie.status).toBe(201);
    await page
      .getByRole("list", { name: "Genres" })
      .getByRole("link", { name: `${genre} noir` })
      .click();
    await page.getByRole("button", { name: "Delete genre" }).click();
    await page.getByRole("button", { name: `Delete “${genre} noir”` }).click();
    await page.getByRole("alert").filter({ hasText: "1 title uses this genre; remove it from them first" }).waitFor(soon);
    await page.getByRole("heading", { level: 1, name: `${genre} noir` }).waitFor(soon);

    // A person with a portrait, then a character they play.
    const name = unique("Wren Halloway");
    await page.goto("/staff/catalog/people/new");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Birth date (optional)").fill("1990-04-12");
    await page.getByRole("button", { name: "Create person" }).click();
    await page.getByRole("heading", { level: 1, name }).waitFor(soon);
    await page.getByLabel("Choose a portrait image").setInputFiles({ name: "wren.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("img", { name: "Preview of the chosen portrait, wren.png" }).waitFor(soon);
    await page.getByRole("button", { name: "Upload portrait" }).click();
    await page.getByRole("img", { name: "Current portrait" }).waitFor(soon);
    await expectAccessible(page);

    await page.getByRole("link", { name: `New character played by ${name}` }).click();
    await page.getByRole("heading", { level: 1, name: "New character" }).waitFor(soon);
    await page.getByText(name, { exact: true }).waitFor(soon);
    await page.getByLabel("Character name").fill("The Lighthouse Keeper");
    await page.getByRole("button", { name: "Create character" }).click();
    await page.getByRole("heading", { level: 1, name: "The Lighthouse Keeper" }).waitFor(soon);
    await page.getByText(`Played by ${name}`).waitFor(soon);

    // The people list finds them by part of the name.
    await page.getByRole("navigation", { name: "Catalog" }).getByRole("link", { name: "People" }).click();
    await page.getByLabel("Search people").fill(name.split(" ").at(-1) ?? "");
    await page.getByRole("list", { name: "People" }).getByRole("link", { name }).waitFor(soon);

    errors.expectNone([/status of 409/]);
    await context.close();
  });
});
