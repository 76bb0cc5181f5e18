// `npm run bench:play`: the web app's "Play" to the first frame on the demo data, in headless
// Chromium (playwright-core, CHROMIUM_PATH or /usr/bin/chromium), next to its floor: a blank page
// on the same origin that already holds hls.js and, on a click, loads the same title's manifest
// with it. Both are timed the same way, inside the page: from the click (a capturing listener)
// to the video's first presented frame (requestVideoFrameCallback; 'playing' with currentTime > 0
// when it is missing). Each run is a fresh browser context (a new visitor's cache); the app's run
// signs up first (untimed), so its page and its session are there before the click, as a
// viewer's would be. Runs alternate app / floor; the figure is each one's median.
//
// BENCH_PLAY_RUNS (7), BENCH_PORT (8807). The resource timings after each click (the playback
// API, scripts, playlists, segments) say where the app's extra time goes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "../scripts/chromium.mjs";
import { adminSession, seed } from "../scripts/seed.mjs";
import { startStack } from "../scripts/stack.mjs";
import { percentile, printResult, ratioRow } from "./lib/report.mjs";

const require = createRequire(import.meta.url);
const HLS_SOURCE = readFileSync(require.resolve("hls.js/dist/hls.min.js"), "utf8");

/** Installed in every page before its scripts: when the first click was, and the first frame after it. */
const TIMING_HOOK = () => {
  const now = () => performance.timeOrigin + performance.now();
  const marks = { click: 0, frame: 0, playing: 0, advanced: 0, how: "" };
  Object.defineProperty(window, "__play", { value: marks });
  document.addEventListener("click", () => (marks.click ||= now()), true);
  document.addEventListener(
    "loadstart",
    (event) => {
      const video = event.target;
      if (!(video instanceof HTMLVideoElement) || !video.requestVideoFrameCallback) return;
      video.requestVideoFrameCallback(() => {
        if (marks.click && !marks.frame) marks.frame = now();
      });
    },
    true,
  );
  document.addEventListener("playing", () => (marks.playing ||= now()), true);
  document.addEventListener(
    "timeupdate",
    (event) => {
      if (event.target.currentTime > 0 && marks.playing && !marks.advanced) marks.advanced = now();
    },
    true,
  );
};

/** The blank page: hls.js, a video as big as the window, a button that plays `manifest` with the app's hls.js settings. */
const floorPage = (manifest) => `<!doctype html>
<html><head><meta charset="utf-8"><title>floor</title>
<style>body{margin:0;background:#000}video{width:100vw;height:calc(100vh - 40px);display:block}</style>
<script src="/__bench/hls.min.js"></script></head>
<body><button id="play">Play</button><video muted playsinline></video>
<script>
document.getElementById("play").addEventListener("click", () => {
  const video = document.querySelector("video");
  const hls = new Hls({ capLevelToPlayerSize: true });
  hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch(() => {}));
  hls.loadSource(${JSON.stringify(manifest)});
  hls.attachMedia(video);
});
</script></body></html>`;

/** Waits for the first frame after the click and answers the marks, plus resource timings after the click. */
async function timeAfterClick(page, click) {
  await click();
  await page.waitForFunction(() => window.__play.frame > 0 || window.__play.advanced > 0, null, { timeout: 60_000 });
  return page.evaluate(() => {
    const marks = window.__play;
    const origin = performance.timeOrigin;
    const end = marks.frame || marks.advanced;
    const kindOf = (name) => {
      const path = new URL(name).pathname;
      if (path.includes("/playback")) return "playback API";
      if (path.startsWith("/api/")) return "other API";
      if (path.endsWith(".m3u8")) return "playlists";
      if (/\.(ts|m4s|mp4|aac)$/.test(path) || path.includes("/stream/")) return "segments";
      if (path.endsWith(".js")) return "scripts";
      return "other";
    };
    const spans = {};
    for (const entry of performance.getEntriesByType("resource")) {
      const start = origin + entry.startTime;
      const finish = origin + entry.responseEnd;
      if (start < marks.click || start > end) continue;
      const kind = kindOf(entry.name);
      spans[kind] ??= { count: 0, first: Number.POSITIVE_INFINITY, last: 0, busy: 0 };
      const span = spans[kind];
      span.count++;
      span.first = Math.min(span.first, start - marks.click);
      span.last = Math.max(span.last, finish - marks.click);
      span.busy += finish - start;
    }
    return { ms: end - marks.click, by: marks.frame ? "requestVideoFrameCallback" : "playing+currentTime", spans };
  });
}

/** Signs a new person up in the page and picks a profile, as test/browser/browser.ts does. */
async function signUp(page, n) {
  const name = `play${Date.now().toString(36)}${n}`;
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill(`Bench ${name}`);
  await page.getByLabel("Email", { exact: true }).fill(`${name}@example.com`);
  await page.getByLabel("Username (optional)").fill(name);
  await page.getByLabel("Password", { exact: true }).fill("a-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Who's watching?" }).waitFor();
  await page.getByLabel("Profile name").fill("Main");
  await page.getByRole("button", { name: "Add profile" }).click();
  await page.getByRole("button", { name: "Main", exact: true }).click();
}

/** The demo movies a new viewer can play (the seed attaches reels to some), asked as `token`. */
async function playableMovies(base, token) {
  const list = await fetch(`${base}/api/movies?sort=title&limit=100`).then((r) => r.json());
  const found = [];
  for (const movie of list.items) {
    const res = await fetch(`${base}/api/movies/${movie.id}/playback`, { headers: { authorization: `Bearer ${token}` } });
    if (res.ok) found.push({ ...movie, playback: await res.json() });
  }
  if (found.length === 0) throw new Error("no demo movie plays: the seed's media conversion did not finish");
  return found;
}

async function appRun(browser, base, movie, n) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(TIMING_HOOK);
    const page = await context.newPage();
    await signUp(page, n);
    await page.goto(`/movies/${movie.id}`);
    const play = page.getByRole("link", { name: /^(Play|Resume)/ });
    await play.waitFor();
    // The clock starts at the click; the hook's listener has seen the sign-up's clicks, so reset it.
    await page.evaluate(() => {
      window.__play.click = 0;
    });
    return await timeAfterClick(page, () => play.click());
  } finally {
    await context.close();
  }
}

async function floorRun(browser, base, manifest) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(TIMING_HOOK);
    // Same origin as the app: the page and hls.js are answered here, the manifest and segments by the stack.
    await context.route(`${base}/__bench/floor.html`, (route) =>
      route.fulfill({ contentType: "text/html", body: floorPage(manifest) }),
    );
    await context.route(`${base}/__bench/hls.min.js`, (route) =>
      route.fulfill({ contentType: "text/javascript", body: HLS_SOURCE }),
    );
    const page = await context.newPage();
    await page.goto("/__bench/floor.html");
    await page.waitForFunction(() => typeof window.Hls === "function");
    return await timeAfterClick(page, () => page.getByRole("button", { name: "Play" }).click());
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Median per kind of each run's spans: "kind n× first–last ms". */
function describeSpans(runs) {
  const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.spans)))];
  const order = ["playback API", "other API", "scripts", "playlists", "segments", "other"];
  kinds.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return kinds
    .map((kind) => {
      const present = runs.map((r) => r.spans[kind]).filter(Boolean);
      const count = median(present.map((s) => s.count));
      return `${kind} ${count}× ${median(present.map((s) => s.first)).toFixed(0)}–${median(present.map((s) => s.last)).toFixed(0)} ms`;
    })
    .join(", ");
}

/** @param {{ port?: number, runs?: number, log?: (line: string) => void }} [options] */
export async function measure(options = {}) {
  const port = options.port ?? Number(process.env.BENCH_PORT ?? 8807);
  const runs = options.runs ?? Number(process.env.BENCH_PLAY_RUNS ?? 7);
  const log = options.log ?? ((line) => console.error(line));
  const work = mkdtempSync(join(tmpdir(), "marquee-bench-play-"));
  const stack = await startStack({ port, persistTo: join(work, "state"), quiet: true });
  let browser;
  try {
    const base = stack.baseUrl;
    log("play: seeding the demo data (the reels' HLS conversion takes a while)");
    // The seed waits a few minutes for the reels' conversion; on a busy machine a second pass
    // (as a second `npm start` would) picks the unfinished jobs up again.
    const seedOptions = {
      markerPath: join(work, "demo-seed.json"),
      log: (line) => line.includes("media") && log(`  seed: ${line}`),
    };
    let seeded = await seed(base, seedOptions);
    for (let pass = 1; pass < 2 && !seeded.playable?.movies; pass++) seeded = await seed(base, seedOptions);
    if (!seeded.playable?.movies)
      throw new Error(
        "the seed attached no playable media: the demo reels' HLS conversion did not finish (see the seed lines above)",
      );
    // The floor's manifest is signed as the admin (staff hold no stream slot); the bytes are the same.
    const admin = await adminSession(base);
    const movies = await playableMovies(base, admin.accessToken);
    browser = await launchChromium();
    const app = [];
    const floor = [];
    // Run 0 warms the stack, the Worker's code paths and Chromium; it is not counted.
    for (let n = 0; n <= runs; n++) {
      const movie = movies[n % movies.length];
      const manifest = (
        await fetch(`${base}/api/movies/${movie.id}/playback`, {
          headers: { authorization: `Bearer ${admin.accessToken}` },
        }).then((r) => r.json())
      ).url;
      const a = await appRun(browser, base, movie, n);
      const f = await floorRun(browser, base, manifest);
      log(`play: run ${n}${n ? "" : " (warm-up)"}: app ${a.ms.toFixed(0)} ms, floor ${f.ms.toFixed(0)} ms (${a.by})`);
      if (n > 0) {
        app.push(a);
        floor.push(f);
      }
    }
    const figure = median(app.map((r) => r.ms));
    const floorMs = median(floor.map((r) => r.ms));
    const breakdown = `app after the click: ${describeSpans(app)}; floor: ${describeSpans(floor)}`;
    const row = ratioRow({
      id: "play",
      work: `web app "Play" to first frame, demo data (median of ${runs})`,
      figure: { value: figure, unit: "ms" },
      floor: { name: "hls.js loading the same manifest in a blank page, same origin", value: floorMs, unit: "ms" },
      goal: { op: "<=", value: 1.3 },
      extra: {
        runs,
        appP90Ms: percentile(
          app.map((r) => r.ms),
          90,
        ),
        floorP90Ms: percentile(
          floor.map((r) => r.ms),
          90,
        ),
        frameBy: app[0]?.by ?? "",
        breakdown,
      },
    });
    if (!row.met) {
      row.whereTimeGoes = `Resource timings after the click, medians (kind count× first start–last end, ms from the click): ${breakdown}.`;
    }
    return { rows: [row] };
  } finally {
    await browser?.close();
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) printResult(await measure());
