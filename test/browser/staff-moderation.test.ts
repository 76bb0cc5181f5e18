import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newBuyer } from "./box-office";
import { adminToken, expectAccessible, newPage, newStaff, signInInPage, stackApi, watchErrors } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

let made = 0;
const unique = (what: string) => `${what} ${Date.now().toString(36)}${(made++).toString(36)}`;

/** A comment on a movie, written through the API by `token`; answers its id and status. */
async function comment(token: string, movieId: string, body: string, parentId?: string) {
  const res = await stackApi(token).comments.$post({ json: { movieId, body, ...(parentId ? { parentId } : {}) } });
  if (res.status !== 201) throw new Error(`commenting answered ${res.status}`);
  const created = await res.json();
  return { id: created.id, status: created.status };
}

/** The comment ids a reader (here: anyone signed in as `token`) finds in a movie's public threads, replies included. */
async function publicThread(token: string, movieId: string) {
  const res = await stackApi(token).movies[":id"].comments.$get({ param: { id: movieId }, query: { sort: "new", limit: "50" } });
  if (res.status !== 200) throw new Error(`reading the threads answered ${res.status}`);
  const { items } = await res.json();
  const out: { id: string; body: string }[] = [];
  const walk = (list: { id: string; body: string; replies: unknown[] }[]) => {
    for (const c of list) {
      out.push({ id: c.id, body: c.body });
      walk(c.replies as typeof list);
    }
  };
  walk(items as { id: string; body: string; replies: unknown[] }[]);
  return out;
}

/** A seeded movie, by id and title. */
async function seededMovie() {
  const res = await stackApi().movies.$get({ query: { limit: "1" } });
  if (res.status !== 200) throw new Error(`listing movies answered ${res.status}`);
  const movie = (await res.json()).items[0];
  if (!movie) throw new Error("the demo catalog has no movie");
  return { id: movie.id, title: movie.title };
}

/** A movie of the test's own whose comments wait for approval (so no other test's comments change). */
async function movieHoldingComments() {
  const admin = stackApi(await adminToken());
  const title = unique("Held Comments");
  const res = await admin.movies.$post({ json: { title, releaseYear: 2024, runtimeMinutes: 90 } });
  if (res.status !== 201) throw new Error(`creating a movie answered ${res.status}`);
  const { id } = await res.json();
  const policy = await admin.movies[":id"]["comment-policy"].$put({ param: { id }, json: { policy: "requires_approval" } });
  expect(policy.status).toBe(200);
  return { id, title };
}

/** The queue entry of the comment whose text is `body`. */
const entry = (page: Page, body: string): Locator => page.getByRole("article").filter({ hasText: body });

async function openQueue(page: Page, tab: "Reported" | "Held for approval" | "Hidden") {
  await page.goto("/staff/moderation");
  await page.getByRole("heading", { level: 1, name: "Moderation" }).waitFor(soon);
  await page.getByRole("tab", { name: tab }).click();
  await expect.poll(() => page.getByRole("tab", { name: tab }).getAttribute("aria-selected"), soon).toBe("true");
}

describe("the staff console's moderation queue", () => {
  it("a moderator hides a reported comment (it leaves the queue and its public thread), then restores it", {
    timeout: 180_000,
  }, async () => {
    const author = await newBuyer("author");
    const reporter = await newBuyer("reporter");
    const movie = await seededMovie();
    const body = unique("This film is a scam & <b>nobody</b> should watch it");
    const reported = await comment(author.token, movie.id, body);
    const reply = unique("Calm down, it was fine");
    await comment(reporter.token, movie.id, reply, reported.id);
    const report = await stackApi(reporter.token).comments[":id"].report.$post({
      param: { id: reported.id },
      json: { reason: "Abusive" },
    });
    expect(report.status).toBe(201);

    const moderator = await newStaff("moderator", "mod");
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signInInPage(page, moderator.email, moderator.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);
    await openQueue(page, "Reported");

    const item = entry(page, body);
    await item.waitFor(soon);
    // Who, where, how often reported; the text as written (the API's escaping read back, not shown).
    await item.getByRole("heading", { name: `Comment by @${author.username}` }).waitFor();
    await item.getByText("Reported once").waitFor();
    await item.getByRole("link", { name: movie.title }).waitFor();
    await item.getByText(body, { exact: true }).waitFor();

    // The thread for context: a top-level comment, with the reply under it.
    await item.getByRole("button", { name: "Show thread" }).click();
    expect(await item.getByRole("button", { name: "Close thread" }).getAttribute("aria-expanded")).toBe("true");
    await item.getByText("A top-level comment, not a reply.").waitFor(soon);
    await item.getByText(reply).waitFor(soon);
    await expectAccessible(page);

    await item.getByRole("button", { name: "Hide", exact: true }).click();
    await page.getByRole("status").getByText(`Hid the comment by @${author.username}`).waitFor(soon);
    await expect.poll(() => entry(page, body).count(), soon).toBe(0);
    // Readers no longer find it (nor the reply under it) in the movie's threads.
    const afterHide = (await publicThread(reporter.token, movie.id)).map((c) => c.id);
    expect(afterHide).not.toContain(reported.id);

    // Under Hidden it can be restored, and it is back for readers.
    await page.getByRole("tab", { name: "Reported" }).focus();
    await page.keyboard.press("End");
    await expect.poll(() => page.getByRole("tab", { name: "Hidden" }).getAttribute("aria-selected"), soon).toBe("true");
    const hidden = entry(page, body);
    await hidden.getByText("Hidden", { exact: true }).waitFor(soon);
    await hidden.getByRole("button", { name: "Restore" }).click();
    await page.getByRole("status").getByText(`Restored the comment by @${author.username}`).waitFor(soon);
    await expect.poll(() => entry(page, body).count(), soon).toBe(0);
    expect((await publicThread(reporter.token, movie.id)).map((c) => c.id)).toContain(reported.id);

    errors.expectNone();
    await context.close();
  });

  it("approves a comment held for approval, removes one after confirming, and shows the API's refusal", {
    timeout: 180_000,
  }, async () => {
    const movie = await movieHoldingComments();
    const author = await newBuyer("waiting");
    const reader = await newBuyer("reader");
    const approved = unique("First! Loved the score");
    const toRemove = unique("Buy cheap watches at example.com");
    const raced = unique("Another moderator gets here first");
    const held = await comment(author.token, movie.id, approved);
    expect(held.status).toBe("pending");
    const spam = await comment(author.token, movie.id, toRemove);
    const race = await comment(author.token, movie.id, raced);
    // Held comments are not shown to other readers.
    expect((await publicThread(reader.token, movie.id)).map((c) => c.id)).not.toContain(held.id);

    const moderator = await newStaff("moderator", "mod");
    const { context, page } = await newPage({ width: 360, height: 740 });
    const errors = watchErrors(page);
    await signInInPage(page, moderator.email, moderator.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);
    await openQueue(page, "Held for approval");

    const waiting = entry(page, approved);
    await waiting.getByText("Held for approval", { exact: true }).waitFor(soon);
    await waiting.getByRole("link", { name: movie.title }).waitFor();
    await expectAccessible(page);
    await waiting.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("status").getByText(`Approved the comment by @${author.username}`).waitFor(soon);
    await expect.poll(() => entry(page, approved).count(), soon).toBe(0);
    expect((await publicThread(reader.token, movie.id)).map((c) => c.id)).toContain(held.id);

    // Remove asks first; Cancel keeps the comment as it was.
    const spamEntry = entry(page, toRemove);
    await spamEntry.getByRole("button", { name: "Remove" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove this comment?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await spamEntry.count()).toBe(1);
    await spamEntry.getByRole("button", { name: "Remove" }).click();
    await dialog.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("status").getByText(`Removed the comment by @${author.username}`).waitFor(soon);
    await expect.poll(() => entry(page, toRemove).count(), soon).toBe(0);
    const removed = (await publicThread(reader.token, movie.id)).find((c) => c.id === spam.id);
    expect(removed?.body).toBe("[removed]");

    // Another moderator removed this one meanwhile: the page shows the API's 409 detail.
    const removedElsewhere = await stackApi(await adminToken()).comments[":id"].remove.$post({ param: { id: race.id } });
    expect(removedElsewhere.status).toBe(200);
    await entry(page, raced).getByRole("button", { name: "Approve" }).click();
    await entry(page, raced).getByRole("alert").getByText("This comment cannot be restored in its current state").waitFor(soon);

    // The browser logs the refused request (409) itself.
    errors.expectNone([/409/]);
    await context.close();
  });

  it("is for staff only: a plain account sees so", { timeout: 60_000 }, async () => {
    const viewer = await newBuyer("plain");
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signInInPage(page, viewer.email, viewer.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);
    await page.goto("/staff/moderation");
    await page.getByRole("heading", { level: 1, name: "Staff only" }).waitFor(soon);
    expect(await page.getByRole("tab").count()).toBe(0);
    errors.expectNone();
    await context.close();
  });
});
