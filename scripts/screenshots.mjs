// `npm run screenshots`: the README's pictures of the app, taken from a fresh seeded stack. Starts
// the stack as `npm start` does (web build included) but in a temporary state directory on a free
// port (or PORT), seeds it, signs in as the demo user through the sign-in page with Debian's
// Chromium (or CHROMIUM_PATH) driven by playwright-core, and writes docs/screenshots/*.png at
// 1280x800. The stack runs from a copy of the tree made at the start (`snapshotTree`): wrangler dev
// reloads the Worker whenever a file changes, and on a tree others are editing that cuts the demo
// clips' conversions short. Every process it started is stopped at the end, whatever happens.
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { demoUsers, seed } from "./seed.mjs";
import { demoCatalog } from "./seed-catalog.mjs";
import { ensureDevVars, portInUse, snapshotTree, startStack, stopAllChildren } from "./stack.mjs";

const root = process.cwd();
const OUT = join(root, "docs/screenshots");
const LOG = join(root, ".wrangler/logs/screenshots.log"); // the build's, wrangler's and the transcoder's output
const CLIPS = join(root, ".wrangler/demo-media"); // the seed's demo clips, made once
const VIEWPORT = { width: 1280, height: 800 };
const started = Date.now();
const say = (line) => console.log(`[screenshots +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

/** PORT, or the first free port from 8800 on. */
async function freePort() {
  if (process.env.PORT) return Number(process.env.PORT);
  for (let port = 8800; port < 8900; port++) if (!(await portInUse(port))) return port;
  throw new Error("no free port between 8800 and 8899; set PORT");
}

/**
 * A movie that plays (asked with the page's session), science fiction if one is (its poster has
 * a planet on it), or the first movie.
 */
async function playableMovie(page, baseUrl) {
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("marquee.session") ?? "{}").accessToken);
  const movies = (await (await fetch(`${baseUrl}/api/movies?sort=title&limit=100`)).json()).items;
  const sciFi = new Set(
    demoCatalog()
      .movies.filter((m) => m.genres[0] === "Science Fiction")
      .map((m) => m.title),
  );
  let playable;
  for (const movie of movies) {
    const res = await fetch(`${baseUrl}/api/movies/${movie.id}/playback`, { headers: { authorization: `Bearer ${token}` } });
    if (res.ok && sciFi.has(movie.title)) return movie;
    if (res.ok) playable ??= movie;
  }
  return playable ?? movies[0];
}

/**
 * Gives the demo user uploads of their own (the demo reels) and starts their HLS conversions, so
 * "My media" is not empty. Resolves with `done()`, which waits (a few minutes at most) for them.
 */
async function uploadReels(page, baseUrl) {
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("marquee.session") ?? "{}").accessToken);
  const call = async (method, path, body) => {
    const send = () =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body && !(body instanceof FormData) ? { "content-type": "application/json" } : {}),
        },
        body: body instanceof FormData || body === undefined ? body : JSON.stringify(body),
      });
    let res = await send();
    // wrangler dev answers 503 while it reloads the Worker; the request never reached it.
    for (let attempt = 1; res.status === 503 && attempt <= 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      res = await send();
    }
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}`);
    return res.json();
  };
  const jobs = [];
  for (const [index, filename] of readdirSync(CLIPS)
    .filter((name) => name.endsWith(".mp4"))
    .entries()) {
    const form = new FormData();
    form.set("file", new Blob([readFileSync(join(CLIPS, filename))], { type: "video/mp4" }), filename);
    // Named after what each reel shows (seed-media.mjs: a test pattern, colour bars, a gradient).
    const reel = Number(filename.match(/reel-(\d+)/)?.[1]);
    form.set("title", ["Test pattern", "Colour bars", "Gradient study"][reel - 1] ?? `Clip ${index + 1}`);
    const item = await call("POST", "/api/media", form);
    jobs.push(await call("POST", `/api/media/${item.id}/convert`, { target: "hls" }));
  }
  return {
    async done(timeoutMs = 240_000) {
      const deadline = Date.now() + timeoutMs;
      for (const job of jobs) {
        let status = job.status;
        while (status !== "done" && status !== "failed" && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          status = (await call("GET", `/api/jobs/${job.id}`)).status;
        }
      }
    },
  };
}

/** Waits until every image on the page has loaded (or failed), then a moment for layout. */
async function settle(page) {
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), null, { timeout: 15_000 }).catch(() => {});
  await page.waitForTimeout(500);
}

async function shoot(page, name) {
  await settle(page);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  say(`${OUT}/${name}.png`);
}

const state = mkdtempSync(join(tmpdir(), "marquee-screenshots-"));
let tree;
let stack;
let browser;
let failed = false;

async function cleanUp() {
  await browser?.close().catch(() => {});
  await stack?.stop().catch(() => {});
  await stopAllChildren();
  process.chdir(root);
  rmSync(state, { recursive: true, force: true });
  if (tree) rmSync(tree, { recursive: true, force: true }); // node_modules and the caches are links: left alone
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => cleanUp().finally(() => process.exit(1)));

try {
  ensureDevVars();
  const port = await freePort();
  mkdirSync(join(root, ".wrangler/logs"), { recursive: true });
  writeFileSync(LOG, "");
  tree = snapshotTree();
  mkdirSync(CLIPS, { recursive: true });
  mkdirSync(join(tree, ".wrangler"), { recursive: true });
  symlinkSync(CLIPS, join(tree, ".wrangler/demo-media"));
  process.chdir(tree);
  say(
    `building the web app and starting the stack on port ${port} (code copied to ${tree}, state in ${state}, output in ${LOG})`,
  );
  stack = await startStack({ port, persistTo: state, quiet: true, output: (chunk) => appendFileSync(LOG, chunk) });
  say("seeding the demo data (the first time, converting the demo clips takes a few minutes)");
  let demo = await seed(stack.baseUrl, { log: (line) => say(`seed: ${line}`) });
  // The seed waits a few minutes for the demo clips' conversions; on a busy machine they may need
  // longer, and seeding again picks up the same jobs.
  for (let attempt = 1; attempt <= 3 && !demo.playable; attempt++) {
    say("the demo clips are still converting; seeding again to wait for them");
    demo = await seed(stack.baseUrl, { log: (line) => say(`seed: ${line}`) });
  }
  if (!demo.playable) say("no playable titles: the player screenshot shows the error state");

  browser = await launchChromium(["--hide-scrollbars"]);
  const context = await browser.newContext({ baseURL: stack.baseUrl, viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  // A minute for each wait on a busy machine; navigations wait for the document only (leaving the
  // player once waited out its streaming for the load event).
  page.setDefaultTimeout(60_000);
  mkdirSync(OUT, { recursive: true });

  const [ada] = demoUsers;
  await page.goto("/sign-in");
  await page.getByLabel("Email or username").fill(ada.email);
  await page.getByLabel("Password", { exact: true }).fill(ada.password);
  await shoot(page, "sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();

  // Who's watching: the first profile, or a new one when the demo user has none yet.
  await page.getByRole("heading", { name: "Who's watching?" }).waitFor();
  await page.getByRole("button", { name: "Add profile" }).waitFor(); // the profiles have loaded
  const first = page.getByRole("main").getByRole("listitem").first().getByRole("button").first();
  if ((await page.getByRole("main").getByRole("listitem").count()) === 0) {
    await page.getByLabel("Profile name").fill(ada.name.split(" ")[0]);
    await page.getByRole("button", { name: "Add profile" }).click();
  }
  await first.click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  // Converted while the other pages are taken.
  const uploads = await uploadReels(page, stack.baseUrl).catch((err) => {
    say(`uploading the demo user's media failed (${err.message}); "My media" shows what there is`);
    return { done: async () => {} };
  });
  await settle(page);
  // Down a little, when that brings the first row of posters into view whole (the featured title
  // stays in view too).
  await page.evaluate(() => {
    const below = [...document.images]
      .map((img) => img.getBoundingClientRect())
      .filter((box) => box.top > window.innerHeight / 2 && box.height > 100);
    if (below.length === 0) return;
    const bottom = Math.min(...below.map((box) => box.bottom));
    window.scrollTo(0, Math.max(0, Math.min(bottom - window.innerHeight + 24, 200)));
  });
  await shoot(page, "home");

  const movie = await playableMovie(page, stack.baseUrl);
  await page.goto(`/movies/${movie.id}`, { waitUntil: "domcontentloaded" });
  await page.getByRole("heading", { name: movie.title, level: 1 }).waitFor();
  await shoot(page, "title");

  await page.goto(`/watch/movie/${movie.id}`, { waitUntil: "domcontentloaded" });
  await page
    .waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) > 2, null, { timeout: 60_000 })
    .catch(() => say("the video did not play within a minute; the player is shown as it is"));
  await page.mouse.move(640, 400); // the controls show while the pointer moves
  await page.mouse.move(660, 420);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, "player.png") });
  say(`${OUT}/player.png`);

  await page.goto("/search", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Search titles and people").fill("the golden");
  await page
    .getByRole("list", { name: "Results" })
    .waitFor({ timeout: 15_000 })
    .catch(() => {});
  await shoot(page, "search");

  say("waiting for the demo user's conversions");
  await uploads.done();
  await page.goto("/media", { waitUntil: "domcontentloaded" });
  await page.getByRole("heading", { name: "My media" }).waitFor();
  await shoot(page, "media");

  await page.goto("/cinema", { waitUntil: "domcontentloaded" });
  await page.getByRole("heading", { name: "Now showing" }).waitFor();
  await shoot(page, "cinema");
  // The showtime Ada has tickets for: its map has sold seats; two more are picked for the picture.
  const adaToken = await page.evaluate(() => JSON.parse(localStorage.getItem("marquee.session") ?? "{}").accessToken);
  const tickets = await (
    await fetch(`${stack.baseUrl}/api/me/tickets`, { headers: { authorization: `Bearer ${adaToken}` } })
  ).json();
  const ticket = tickets.items?.[0];
  if (ticket) {
    await page.goto(`/showtimes/${ticket.showtime.id}`, { waitUntil: "domcontentloaded" });
    for (const seat of [6, 7])
      await page.getByRole("checkbox", { name: new RegExp(`^Row D, seat ${seat}, \\w+, available`) }).click();
    await shoot(page, "seats");
    await page.goto("/tickets", { waitUntil: "domcontentloaded" });
    await page
      .getByRole("img", { name: /^QR code for ticket/ })
      .first()
      .waitFor();
    await shoot(page, "tickets");
  } else say("Ada has no tickets: no seat map or tickets screenshots");
  await context.close();

  // The door, as the demo moderator, admitting Ada's first ticket.
  const staff = demoUsers.find((user) => user.role === "moderator");
  if (staff && ticket) {
    const door = await browser.newContext({ baseURL: stack.baseUrl, viewport: VIEWPORT, deviceScaleFactor: 1 });
    const doorPage = await door.newPage();
    doorPage.setDefaultTimeout(60_000);
    await doorPage.goto("/sign-in");
    await doorPage.getByLabel("Email or username").fill(staff.email);
    await doorPage.getByLabel("Password", { exact: true }).fill(staff.password);
    await doorPage.getByRole("button", { name: "Sign in" }).click();
    await doorPage.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await doorPage.goto("/staff/door", { waitUntil: "domcontentloaded" });
    await doorPage.getByLabel("Ticket code").fill(ticket.code);
    await doorPage.getByRole("button", { name: "Check in" }).click();
    await doorPage.locator(".door-result").waitFor(); // the full-screen result (it closes by itself after 4 s)
    await doorPage.screenshot({ path: join(OUT, "door.png") });
    say(`${OUT}/door.png`);
    await door.close();
  }
} catch (err) {
  failed = true;
  console.error(`screenshots failed: ${err instanceof Error ? err.stack : err}`);
} finally {
  await cleanUp();
  say(failed ? "stopped (failed)" : "done; every process stopped");
}
process.exit(failed ? 1 : 0);
