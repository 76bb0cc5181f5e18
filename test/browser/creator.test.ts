import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../containers/transcoder/engines.mjs";
import { noiseMp3 } from "../media-files";
import { baseUrl, expectAccessible, newPage, newPerson, signInInPage, signUpInPage, watchErrors } from "./browser";

let dir: string;
let clip: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "marquee-creator-"));
  clip = join(dir, "harbor-clip.mp4");
  // A 5 s test pattern with a tone: small, but a real H.264/AAC file the transcoder can convert.
  // Made by the transcoder's own engine: the system ffmpeg, or ffmpeg.wasm where there is none.
  const made = await createEngine().run(
    [
      ...["-f", "lavfi", "-i", "testsrc=duration=5:size=320x240:rate=25", "-f", "lavfi", "-i", "sine=duration=5"],
      ...["-shortest", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "out.mp4"],
    ],
    { cwd: dir },
  );
  expect(made.code, made.stderr).toBe(0);
  await rename(join(dir, "out.mp4"), clip);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A second person, registered through the API (the journey is about the first one's pages). */
async function registerPerson() {
  const person = newPerson("friend");
  const res = await fetch(`${baseUrl}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: person.email, password: person.password, name: person.name, username: person.username }),
  });
  expect(res.status).toBe(201);
  return person;
}

/** The bell's unread count as the page shows it (no badge: none). */
async function unreadCount(page: Page) {
  const badge = page.getByTestId("unread-count");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

async function expectPlaying(page: Page, kind: "video" | "audio" = "video") {
  const player = page.locator(kind);
  await player.evaluate((element: HTMLMediaElement) => element.play());
  await expect
    .poll(() => player.evaluate((element: HTMLMediaElement) => element.currentTime), { timeout: 60_000 })
    .toBeGreaterThan(1);
}

const progressOf = (page: Page, name: string) =>
  page.getByRole("progressbar", { name, exact: true }).getAttribute("aria-valuenow").then(Number);

describe("the creator's journey in the browser", () => {
  it("uploads, converts to HLS live, plays, shares; the friend is told, finds it and plays it", {
    timeout: 400_000,
  }, async () => {
    const friend = await registerPerson();
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    await page.getByRole("link", { name: "My media" }).click();
    await page.getByRole("heading", { name: "My media" }).waitFor();
    await page.getByText("Nothing here yet").waitFor();
    await expectAccessible(page);

    await page.getByLabel("Choose files").setInputFiles(clip);
    await expect.poll(() => progressOf(page, "Upload of harbor-clip.mp4"), { timeout: 60_000 }).toBe(100);
    await page.getByText(/^Uploaded ·/).waitFor();
    // The list below picks the new item up without a reload.
    await page.getByRole("list", { name: "Your media" }).getByRole("link", { name: "harbor-clip" }).waitFor();
    await page.getByRole("link", { name: "Open harbor-clip.mp4" }).click();

    await page.getByRole("heading", { name: "harbor-clip", level: 1 }).waitFor();
    await page.getByText("Playing MP4").waitFor();
    await expectAccessible(page);
    // Anything that reloads the page would lose this mark.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    await page.getByRole("button", { name: "Convert to HLS" }).click();
    await page.getByRole("progressbar", { name: "HLS conversion", exact: true }).waitFor();
    await expect.poll(() => progressOf(page, "HLS conversion"), { timeout: 240_000, interval: 500 }).toBe(100);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.getByText("Playing HLS (adaptive)").waitFor({ timeout: 30_000 });
    expect(await page.locator("video").getAttribute("poster")).toMatch(/\/poster\.jpg$/);
    await expectPlaying(page);

    const second = await newPage();
    const friendErrors = watchErrors(second.page);
    await signInInPage(second.page, friend.username, friend.password);
    await second.page.getByRole("link", { name: "Shared with me" }).click();
    await second.page.getByText("No one has shared anything with you yet").waitFor();
    await second.page.waitForLoadState("networkidle");
    const unreadBefore = await unreadCount(second.page);

    await page.getByLabel("Username", { exact: true }).fill(friend.username.toUpperCase());
    await page.getByText(`Found ${friend.name} (@${friend.username})`).waitFor();
    await page.getByRole("button", { name: `Share with ${friend.name}` }).click();
    await page.getByRole("list", { name: "Shared with" }).getByText(friend.name).waitFor();
    await page.getByLabel("Link expires after").selectOption({ label: "1 day" });
    await page.getByRole("button", { name: "Create link" }).click();
    const link = await page.getByLabel("Link", { exact: true }).inputValue();
    const expiresIn = Number(new URL(link).pathname.split("/")[2].split(".")[0]) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(23 * 3600);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3600 + 60);
    expect((await fetch(link)).status).toBe(200);

    // The friend's bell counts the share live, without a reload.
    await expect.poll(() => unreadCount(second.page), { timeout: 30_000 }).toBe(unreadBefore + 1);
    // "Shared with me", open all along, lists it without a reload too.
    const shared = second.page.getByRole("list", { name: "Media shared with you" });
    await shared.getByRole("link", { name: "harbor-clip" }).click();
    await second.page.getByRole("heading", { name: "harbor-clip", level: 1 }).waitFor();
    await second.page.getByText("Playing HLS (adaptive)").waitFor();
    await expectAccessible(second.page);
    await expectPlaying(second.page);
    // The friend may play, not manage.
    expect(await second.page.getByRole("button", { name: "Convert to HLS" }).count()).toBe(0);

    errors.expectNone();
    friendErrors.expectNone();
    await second.context.close();
    await context.close();
  });

  it("a dropped file that is not audio or video shows the API's reason next to it", { timeout: 180_000 }, async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    await page.goto("/media");
    // Dragged in from the desktop: a drop event carrying the file.
    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(
        new File(["Shopping list: milk, eggs, a bigger hard drive.\n".repeat(50)], "notes.txt", { type: "text/plain" }),
      );
      return transfer;
    });
    await page.getByText("Drop audio or video files here").locator("..").dispatchEvent("drop", { dataTransfer });
    const row = page.getByRole("listitem").filter({ hasText: "notes.txt" });
    await expect.poll(() => row.getByRole("alert").textContent(), { timeout: 60_000 }).toMatch(/Only MP3, WAV, FLAC.*accepted/);
    expect(await row.getByRole("button", { name: "Resume notes.txt" }).count()).toBe(0);
    await expectAccessible(page);
    // The refusal is the browser's own console line for the 415 answer.
    errors.expectNone([/415/]);
    await context.close();
  });

  it("pauses, resumes, and after a reload picks the same file up where it stopped", { timeout: 240_000 }, async () => {
    // A real MP3 of about 3 MB (ffprobe reads every upload before it is accepted).
    const song = join(dir, "long-song.mp3");
    await writeFile(song, await noiseMp3(3 * 1024 * 1024));
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signUpInPage(page);
    await page.goto("/media");
    // A slow uplink (about 200 KB/s) so there is time to pause and to reload mid-upload.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const throttle = () =>
      cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: 200 * 1024,
      });
    await throttle();

    const name = "Upload of long-song.mp3";
    await page.getByLabel("Choose files").setInputFiles(song);
    await expect.poll(() => progressOf(page, name), { timeout: 60_000, interval: 100 }).toBeGreaterThan(10);
    await page.getByRole("button", { name: "Pause long-song.mp3" }).click();
    await page.getByText(/^Paused ·/).waitFor();
    const paused = await progressOf(page, name);
    await page.waitForTimeout(1500);
    expect(await progressOf(page, name)).toBe(paused);
    await page.getByRole("button", { name: "Resume long-song.mp3" }).click();
    await expect.poll(() => progressOf(page, name), { timeout: 60_000, interval: 100 }).toBeGreaterThan(paused + 5);

    // The page's own markup is enough: the throttled uplink may still be giving up on the cut PATCH.
    await page.reload({ waitUntil: "domcontentloaded" });
    await throttle();
    await page.getByText("Unfinished uploads").waitFor();
    await page.getByText(/long-song\.mp3 \(3\.\d MB\)/).waitFor();
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.getByLabel("Choose files").setInputFiles(song);
    await expect.poll(() => progressOf(page, name), { timeout: 60_000 }).toBe(100);
    await page.getByText(/^Uploaded · .* resumed from [1-9]/).waitFor();
    await page.getByRole("list", { name: "Your media" }).getByRole("link", { name: "long-song" }).waitFor();
    expect(await page.getByText("Unfinished uploads").count()).toBe(0);
    // The upload the reload cut short shows as a failed request in the console.
    errors.expectNone([/net::ERR_/]);
    await context.close();
  });
});
