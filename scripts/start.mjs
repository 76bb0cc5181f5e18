// `npm start`: the whole stack on this machine with demo data. The terminal gets a few progress
// lines and a banner; everything else (build, migrations, wrangler, the transcoder, the seed) goes
// to .wrangler/logs/start.log, which each start begins afresh (the one before is kept as
// start.previous.log). Ctrl-C, SIGTERM, a child that dies or a failed seed stops every child.
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { demoUsers, seed } from "./seed.mjs";
import { devVars, ensureDevVars, portInUse, startStack, stopAllChildren } from "./stack.mjs";

const LOG_DIR = ".wrangler/logs";
const LOG = `${LOG_DIR}/start.log`;
const SEED_MARKER = ".wrangler/state/demo-seed.json";
const D1_DIR = ".wrangler/state/v3/d1";
const MIGRATED_MARKER = ".wrangler/state/migrated.json";
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
// The log is for reading: no colour codes from the children.
process.env.NO_COLOR = "1";
process.env.FORCE_COLOR = "0";

/** PORT-like variable `name` as a port number, or exits with one line saying what is wrong. */
function portFrom(name, fallback) {
  const raw = process.env[name] ?? String(fallback);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || (port === 0 && name === "PORT")) {
    console.error(`${name}=${raw} is not a port number; use one from 1 to 65535.`);
    process.exit(1);
  }
  return port;
}

/** The first port after `port` that nothing listens on, to suggest. */
async function nextFreePort(port) {
  for (let candidate = port + 1; candidate < Math.min(port + 50, 65536); candidate++) {
    if (!(await portInUse(candidate))) return candidate;
  }
  return port + 1;
}

// Ports first: when one is taken nothing starts, not even the build.
const port = portFrom("PORT", 8787);
const transcoderPort = portFrom("TRANSCODER_PORT", 0); // 0: any free port, the default
for (const [name, value] of [
  ["PORT", port],
  ["TRANSCODER_PORT", transcoderPort],
]) {
  if (value !== 0 && (await portInUse(value))) {
    console.error(`Port ${value} is in use. Stop what uses it or run ${name}=${await nextFreePort(value)} npm start.`);
    process.exit(1);
  }
}

// `wrangler d1 migrations apply` takes seconds even when there is nothing to apply. A clean stop
// records what the local D1 files and the migrations folder looked like; when both still look
// exactly so (same migrations, same D1 files with the same size, mtime and inode: nothing has
// touched the database since), every migration is known to be applied and the step is skipped.
// Anything else, a crash included, applies them as before.
function migrationsHash() {
  const hash = createHash("sha256");
  for (const name of readdirSync("migrations").sort()) {
    if (name.endsWith(".sql")) hash.update(name).update(readFileSync(join("migrations", name)));
  }
  return hash.digest("hex");
}
function d1Files(dir = D1_DIR) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return d1Files(path);
    const { size, mtimeMs, ino } = statSync(path);
    return [`${path} ${size} ${mtimeMs} ${ino}`];
  });
}
const migrations = migrationsHash();
const migrated = (() => {
  try {
    const marker = JSON.parse(readFileSync(MIGRATED_MARKER, "utf8"));
    const files = d1Files();
    return marker.migrations === migrations && files.length > 0 && JSON.stringify(marker.files) === JSON.stringify(files);
  } catch {
    return false;
  }
})();
rmSync(MIGRATED_MARKER, { force: true }); // written again by a clean stop
let prepared = false; // the database has every migration of `migrations`

mkdirSync(LOG_DIR, { recursive: true });
if (existsSync(LOG)) renameSync(LOG, `${LOG_DIR}/start.previous.log`);
const log = openSync(LOG, "a");
/** A line of this script's own in the log, with the time since start. */
const note = (line) => writeSync(log, `[start +${seconds()}s] ${line}\n`);
const say = (line) => {
  console.log(line);
  note(line);
};
note(`npm start on port ${port}, node ${process.version}, ${new Date().toISOString()}`);

// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes (wrangler colours esbuild's errors regardless)
const ANSI = /\x1b\[[0-9;]*m/g;

/** A log entry of the Worker (`{"level":"error","msg":...}`) as a short line; any other text as it is. */
function summary(text) {
  if (!text.startsWith("{")) return text;
  try {
    const entry = JSON.parse(text);
    return [entry.msg, entry.path, entry.error?.message ?? entry.detail].filter(Boolean).join(" ") || text;
  } catch {
    return text;
  }
}

// After the banner the terminal stays quiet, except for what a developer must not miss: wrangler
// failing to rebuild the Worker after an edit (the error and where it is), or an error the Worker
// logs (wrangler prints console.error as "✘ [ERROR] ...").
let ready = false;
let partial = "";
let expectLocation = false;
function output(chunk, source) {
  writeSync(log, chunk);
  if (!ready || source !== "wrangler") return;
  const lines = (partial + chunk).split("\n");
  partial = lines.pop();
  for (const line of lines) {
    const plain = line.replace(ANSI, "");
    const error = plain.match(/^\s*✘ \[ERROR\]\s*(.*)$/)?.[1] ?? (plain.startsWith('{"level":"error"') ? plain : undefined);
    if (error !== undefined) {
      if (/^Build failed with \d+ errors?:?$/.test(error)) continue; // the errors themselves follow
      console.error(`Worker error: ${summary(error)}  (details in ${LOG})`);
      expectLocation = !error.startsWith("{");
    } else if (expectLocation && plain.trim() !== "") {
      const where = plain.match(/^\s*(\S+:\d+:\d+):$/)?.[1];
      if (where) console.error(`  at ${where}`);
      expectLocation = false;
    }
  }
}

/** The last lines of the log, for a failure: usually the reason. */
function logTail(count = 15) {
  const lines = readFileSync(LOG, "utf8")
    .replace(ANSI, "")
    .split("\n")
    .filter((line) => line.trim() !== "");
  return lines.slice(-count);
}

let stopping = null;
/** Stops every child, then exits with `code`; `failure` is printed with the end of the log. */
function shutdown(code, failure) {
  stopping ??= (async () => {
    if (failure) {
      note(`failed: ${failure}`);
      console.error(`\nMarquee did not keep running: ${failure}`);
      console.error(`Last lines of ${LOG}:`);
      for (const line of logTail()) console.error(`  ${line}`);
      console.error(`Full log: ${LOG}`);
    } else {
      say("Stopping…");
    }
    await stopAllChildren();
    note("every child stopped");
    try {
      if (prepared) writeFileSync(MIGRATED_MARKER, JSON.stringify({ migrations, files: d1Files() }));
    } catch {
      // the next start applies the migrations, as it would without the marker
    }
    closeSync(log);
    if (!failure) console.log("Stopped.");
    process.exit(code);
  })();
  return stopping;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => shutdown(0));
// Under `npm start`, npm is the parent; when it goes (killed without passing the signal on), so do we.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) shutdown(0);
}, 1000).unref();

try {
  ensureDevVars();
  const stack = await startStack({
    port,
    transcoderPort,
    output,
    migrate: !migrated,
    onStep: (step) => {
      if (step === "worker") prepared = true;
      say(
        step === "worker"
          ? "Starting the Worker and the transcoder…"
          : migrated
            ? "Building the web app (no new migrations)…"
            : "Building the web app and applying migrations…",
      );
    },
  });
  for (const [child, name] of [
    [stack.child, "the Worker (wrangler dev)"],
    [stack.transcoderChild, "the transcoder"],
  ]) {
    child.once("exit", (code, signal) => {
      if (!stopping) shutdown(1, `${name} stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
    });
  }
  const demo = await seed(stack.baseUrl, {
    markerPath: SEED_MARKER,
    log: (line) => note(`seed: ${line}`),
    onSeeding: () => say("Seeding demo data (about half a minute; later starts skip it)…"),
  });

  const { ADMIN_EMAIL, ADMIN_PASSWORD } = devVars();
  const url = stack.baseUrl;
  const banner = `
Marquee is running (ready in ${seconds()}s).

  App           ${url}/
  API docs      ${url}/api/docs
  OpenAPI       ${url}/api/openapi.json
  Dev mailbox   ${url}/api/dev/mailbox   (emails the app sent)

  Admin         ${ADMIN_EMAIL}  password ${ADMIN_PASSWORD}   (from .dev.vars)
  Demo users    ${demoUsers.map((u) => (u.role ? `${u.email} (${u.role})` : u.email)).join(", ")}  password ${demoUsers[0].password}
  Demo data     ${demo.movies} movies, ${demo.series} series, ${demo.theaters} theaters (${demo.skipped ? "kept from the last start" : "created now"})
  Playable      ${demo.playable ? `${demo.playable.movies} movies and ${demo.playable.episodes} episodes (generated clips, HLS)` : `none: the demo media could not be made (the reason is in ${LOG})`}

  Log           ${LOG}   (tail -f it to follow requests)
Press Ctrl-C to stop.`;
  console.log(banner);
  note(banner);
  ready = true;
} catch (err) {
  if (!stopping) await shutdown(1, err instanceof Error ? err.message : String(err));
}
