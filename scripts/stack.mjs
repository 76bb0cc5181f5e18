// Starts the local stack (wrangler dev: workerd with real D1, R2, KV, Queues and Durable
// Objects) on loopback, and stops it. Shared by `npm start` and the benchmarks.
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

const wrangler = "node_modules/.bin/wrangler";

export function ensureDevVars() {
  if (!existsSync(".dev.vars")) {
    copyFileSync(".dev.vars.example", ".dev.vars");
    console.log("Created .dev.vars from .dev.vars.example");
  }
}

/** The variables in `.dev.vars` (`NAME=value` lines; comments and blank lines are skipped). */
export function devVars() {
  return Object.fromEntries(
    readFileSync(".dev.vars", "utf8")
      .split("\n")
      .filter((line) => line.includes("=") && !line.trimStart().startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf("=")).trim(), line.slice(line.indexOf("=") + 1).trim()]),
  );
}

/**
 * Whether something already listens on 127.0.0.1:port (or on every address). It tries to listen
 * there itself, so a server that does not speak HTTP counts too.
 */
export function portInUse(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (err) => resolve(err.code === "EADDRINUSE" || err.code === "EACCES"));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** A free loopback port (the system picks one). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Refuses to run against a port something else (another bench, another engineer's stack) already answers on. */
export async function assertPortsFree(...ports) {
  for (const port of ports) {
    const answers = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (answers || (await portInUse(port))) throw new Error(`port ${port} is already in use; set BENCH_PORT to a free one`);
  }
}

/**
 * Copies the tree into `dir` (a new temporary directory by default; node_modules linked, not
 * copied) and answers it. wrangler dev reloads the Worker, and drops every WebSocket, whenever a
 * source file changes; on a tree others are editing that would cut a bench short, so it runs the
 * stack from this copy of the code as it was when it started.
 */
export function snapshotTree(dir = mkdtempSync(join(tmpdir(), "marquee-bench-tree-"))) {
  const root = process.cwd();
  const skip = new Set(["node_modules", ".git", ".wrangler", "dist", join("web", "dist")]);
  cpSync(root, dir, { recursive: true, filter: (src) => !skip.has(relative(root, src)) });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

// ---- Rate limits of a local stack ----
// wrangler.toml's [[ratelimits]] are production's budgets, per client address before sign-in. A
// local stack speaks from one address: the seed registers dozens of accounts and the suites sign
// in hundreds of times, so the stack runs on a copy of wrangler.toml whose bindings carry these
// budgets (the same bindings and middleware, bigger numbers; RATE_LIMITS follows them). A plain
// `wrangler dev` keeps production's; the workers-limits test project tests those.
export const LOCAL_RATE_LIMITS = { auth: 100_000, write: 1_000_000, read: 10_000_000, stream: 100_000_000 };
const STACK_CONFIG = "wrangler.stack.toml";

/** `config` (wrangler.toml's text) with `limits` in its rate-limit bindings and in RATE_LIMITS. */
export function withRateLimits(config, limits) {
  const periods = {};
  let replaced = 0;
  const result = config
    .replace(
      /(\[\[ratelimits\]\]\s*\nname = "RATE_LIMIT_(\w+)"[^[]*?simple = \{ limit = )\d+(, period = (\d+) \})/g,
      (_match, head, name, tail, period) => {
        const key = name.toLowerCase();
        if (!(key in limits)) throw new Error(`wrangler.toml: no local budget for RATE_LIMIT_${name}`);
        periods[key] = period;
        replaced++;
        return `${head}${limits[key]}${tail}`;
      },
    )
    .replace(/^RATE_LIMITS = ".*"$/m, () => {
      replaced++;
      return `RATE_LIMITS = "${Object.entries(periods)
        .map(([key, period]) => `${key}=${limits[key]}/${period}`)
        .join(" ")}"`;
    });
  if (replaced !== Object.keys(limits).length + 1)
    throw new Error("wrangler.toml: could not find every [[ratelimits]] binding and RATE_LIMITS");
  return result;
}

/** Writes wrangler.stack.toml (wrangler.toml with `limits`) beside wrangler.toml; answers its name. */
export function writeStackConfig(limits = LOCAL_RATE_LIMITS) {
  const config = withRateLimits(readFileSync("wrangler.toml", "utf8"), limits);
  // Written whole, then renamed: two stacks starting at once never read half a file.
  const partial = `${STACK_CONFIG}.${process.pid}`;
  writeFileSync(
    partial,
    `# Generated by scripts/stack.mjs from wrangler.toml: local rate-limit budgets. Do not edit.\n${config}`,
  );
  renameSync(partial, STACK_CONFIG);
  return STACK_CONFIG;
}

// ---- Child processes ----
// Every child starts in a process group of its own (detached) and is stopped by signalling the
// whole group: wrangler dev runs workerd and esbuild below it, and ending only wrangler could leave
// workerd on the ports. A Ctrl-C in the terminal no longer reaches the children directly, so
// whoever started them stops them: `stopGroup`/`stopAllChildren`, an 'exit' hook, and a tiny
// watchdog process that ends what is left when this process dies in any way, SIGKILL included
// (it notices its stdin close).

/** pgid -> child, for every group started and not yet known to be gone. */
const liveGroups = new Map();
const stopping = new Map(); // pgid -> Promise
let closing = false;
let watchdog;

const WATCHDOG = `
const groups = new Set();
let rest = "";
const signal = (sig) => { for (const g of groups) { try { process.kill(-g, sig); } catch {} } };
process.stdin.on("data", (chunk) => {
  const lines = (rest + chunk).split("\\n");
  rest = lines.pop();
  for (const line of lines) { const n = Number(line); if (n > 0) groups.add(n); else if (n < 0) groups.delete(-n); }
});
let done = false;
const parentGone = () => {
  if (done) return;
  done = true;
  if (groups.size === 0) process.exit(0);
  signal("SIGTERM");
  setTimeout(() => { signal("SIGKILL"); process.exit(0); }, 3000);
};
process.stdin.on("end", parentGone);
process.stdin.on("close", parentGone);
process.stdin.on("error", parentGone);
`;

function tellWatchdog(line) {
  if (!watchdog) {
    watchdog = spawn(process.execPath, ["-e", WATCHDOG], { stdio: ["pipe", "ignore", "ignore"], detached: true });
    watchdog.on("error", () => {}); // without it, children are still stopped by stop() and the exit hook
    watchdog.stdin.on("error", () => {});
    // Neither the watchdog nor its pipe may keep this process alive.
    watchdog.unref();
    watchdog.stdin.unref?.();
    process.once("exit", () => {
      for (const pgid of liveGroups.keys()) signalGroup(pgid, "SIGTERM");
    });
  }
  watchdog.stdin.write(`${line}\n`);
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Whether any process of group `pgid` still runs (zombies, which hold no port, do not count). */
function groupAlive(pgid) {
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(pgrp) === pgid && state !== "Z") return true;
      } catch {
        // the process has ended
      }
    }
    return false;
  } catch {
    // no /proc (not Linux): ask the kernel, zombies included
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

async function groupGone(pgid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Starts `command` in a new process group, known to the watchdog. */
function spawnGroup(command, args, options) {
  if (closing) throw new Error("the stack is stopping");
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid) {
    liveGroups.set(child.pid, child);
    tellWatchdog(child.pid);
  }
  return child;
}

/** Ends `child`'s whole process group: SIGTERM, then SIGKILL after `graceMs`; resolves once none of it runs. */
function stopGroup(child, graceMs = 5000) {
  const pgid = child.pid;
  if (!pgid || !liveGroups.has(pgid)) return Promise.resolve();
  if (!stopping.has(pgid)) {
    stopping.set(
      pgid,
      (async () => {
        signalGroup(pgid, "SIGTERM");
        if (!(await groupGone(pgid, graceMs))) {
          signalGroup(pgid, "SIGKILL");
          await groupGone(pgid, 2000);
        }
        liveGroups.delete(pgid);
        stopping.delete(pgid);
        if (watchdog) tellWatchdog(-pgid);
      })(),
    );
  }
  return stopping.get(pgid);
}

/** Stops every child this module started (and refuses to start more): for a shutdown at any moment. */
export async function stopAllChildren() {
  closing = true;
  await Promise.all([...liveGroups.values()].map((child) => stopGroup(child)));
}

/**
 * Where a child's output goes: `quiet` drops it, `output(chunk, source)` receives it (npm start
 * writes it to its log file), otherwise it goes to this terminal.
 */
function stdioFor({ quiet = false, output } = {}) {
  if (output) return ["ignore", "pipe", "pipe"];
  return quiet ? "ignore" : ["ignore", "inherit", "inherit"];
}

function forward(child, output, source) {
  if (!output) return;
  child.stdout?.on("data", (chunk) => output(chunk, source));
  child.stderr?.on("data", (chunk) => output(chunk, source));
}

/** Runs one preparation step to its end; throws when it fails. */
async function step(command, args, { output, source }) {
  const child = spawnGroup(command, args, { stdio: stdioFor({ output }), env: { ...process.env, CI: "true" } });
  forward(child, output, source);
  const code = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode, signal) => resolve(exitCode ?? signal));
  });
  await stopGroup(child); // anything it left behind
  if (code !== 0) throw new Error(`${source} failed (${command} ${args.join(" ")} exited with ${code})`);
}

function prepareSteps(persistTo) {
  const persist = persistTo ? ["--persist-to", persistTo] : [];
  return [
    { source: "build", command: process.execPath, args: ["scripts/build-web.mjs"] },
    { source: "migrations", command: wrangler, args: ["d1", "migrations", "apply", "DB", "--local", ...persist] },
  ];
}

/** Builds the web app and applies the D1 migrations, printing their output. */
export function prepare({ persistTo } = {}) {
  ensureDevVars();
  for (const { command, args } of prepareSteps(persistTo)) {
    const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, CI: "true" } });
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
  }
}

/** The build and the migrations, side by side; `migrate: false` skips the migrations. */
async function prepareAsync({ persistTo, output, migrate = true }) {
  ensureDevVars();
  const steps = prepareSteps(persistTo).filter(({ source }) => migrate || source !== "migrations");
  const results = await Promise.allSettled(steps.map(({ command, args, source }) => step(command, args, { output, source })));
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}

async function waitForHealth(baseUrl, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.spawnError) throw new Error(`wrangler dev did not start: ${child.spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`wrangler dev exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`wrangler dev did not answer ${baseUrl}/health within ${timeoutMs / 1000}s`);
}

/**
 * Starts the transcoder (containers/transcoder/server.mjs, the container's code) as a plain Node
 * process on loopback, on `port` (0, the default: any free port); resolves with its URL once it listens.
 * `engine` ("system" | "wasm") forces an FFmpeg engine; by default the system binary when present.
 */
export function startTranscoder({ engine, quiet = false, output, port = 0 } = {}) {
  const env = { ...process.env, HOST: "127.0.0.1", PORT: String(port) };
  if (engine) env.TRANSCODER_ENGINE = engine;
  const child = spawnGroup(process.execPath, ["containers/transcoder/server.mjs"], {
    stdio: ["ignore", "pipe", output ? "pipe" : "inherit"],
    env,
  });
  if (output) child.stderr.on("data", (chunk) => output(chunk, "transcoder"));
  return new Promise((resolve, reject) => {
    let seen = "";
    let listening = false;
    const failed = (why) => {
      if (listening) return;
      listening = true; // settled
      stopGroup(child).then(() => reject(new Error(`the transcoder ${why}`)));
    };
    child.once("error", (err) => failed(`did not start: ${err.message}`));
    child.once("exit", (code, signal) => failed(`exited with ${code ?? signal}`));
    child.stdout.on("data", (chunk) => {
      if (output) output(chunk, "transcoder");
      else if (!quiet) process.stdout.write(chunk);
      if (listening) return;
      seen += chunk;
      const url = seen.match(/listening on (http:\/\/\S+)/)?.[1];
      if (url) {
        listening = true;
        seen = "";
        resolve({ url, child, stop: () => stopGroup(child) });
      }
    });
  });
}

/**
 * Builds the web app and applies migrations while the transcoder starts, then starts wrangler dev
 * on 127.0.0.1:port (the Worker reaches the transcoder at TRANSCODER_URL); resolves once /health
 * answers. `stop()` ends both, process groups and all. `output(chunk, source)` receives every
 * child's output instead of the terminal; `onStep("prepare" | "worker")` hears of progress.
 * `migrate: false` skips the migrations, for a caller that knows the database has them all.
 * `rateLimits` are the budgets it runs with (writeStackConfig).
 */
export async function startStack({
  port = 8787,
  persistTo,
  quiet = false,
  vars = {},
  transcoderEngine,
  transcoderPort = 0,
  output,
  onStep = () => {},
  migrate = true,
  rateLimits = LOCAL_RATE_LIMITS,
} = {}) {
  onStep("prepare");
  const starting = startTranscoder({ engine: transcoderEngine, quiet, output, port: transcoderPort });
  starting.catch(() => {}); // awaited below; until then a failure must not count as unhandled
  try {
    await prepareAsync({ persistTo, output, migrate });
  } catch (err) {
    await starting.then(
      (transcoder) => transcoder.stop(),
      () => {},
    );
    throw err;
  }
  const transcoder = await starting;
  onStep("worker");
  const args = ["--config", writeStackConfig(rateLimits)];
  for (const [key, value] of Object.entries({ TRANSCODER_URL: transcoder.url, ...vars })) args.push("--var", `${key}:${value}`);
  try {
    const dev = await wranglerDev({ port, persistTo, args, quiet, output });
    const stop = () => Promise.all([dev.stop(), transcoder.stop()]).then(() => undefined);
    return { baseUrl: dev.baseUrl, child: dev.child, transcoderChild: transcoder.child, transcoderUrl: transcoder.url, stop };
  } catch (err) {
    await transcoder.stop();
    throw err;
  }
}

/** `wrangler dev` on 127.0.0.1:port with `args` added; resolves once /health answers, or ends it and throws. */
async function wranglerDev({ port, persistTo, args = [], quiet = true, output }) {
  const all = ["dev", "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false", ...args];
  if (persistTo) all.push("--persist-to", persistTo);
  const child = spawnGroup(resolve(wrangler), all, { stdio: stdioFor({ quiet, output }), env: { ...process.env, CI: "true" } });
  child.once("error", (err) => {
    child.spawnError = err;
  });
  forward(child, output, "wrangler");
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // Generous: on a busy machine wrangler's first bundle can take over a minute.
    await waitForHealth(baseUrl, child, 180_000);
  } catch (err) {
    await stopGroup(child);
    throw err;
  }
  return { baseUrl, child, stop: () => stopGroup(child) };
}

/**
 * Runs a small single-file Worker of a benchmark's own (`source`, an ES module) under `wrangler dev`
 * on 127.0.0.1:port, from `dir` (its worker.js and wrangler.toml are written there, `config` being
 * extra wrangler.toml lines such as bindings), with the app's compatibility date. Resolves once its
 * /health answers 2xx; `stop()` ends it.
 */
export function startBenchWorker({ dir, name, source, config = "", port, persistTo = join(dir, "state") }) {
  const compatibilityDate = readFileSync("wrangler.toml", "utf8").match(/^compatibility_date\s*=\s*"([^"]+)"/m)?.[1];
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "worker.js"), source);
  writeFileSync(
    join(dir, "wrangler.toml"),
    `name = "${name}"\nmain = "worker.js"\ncompatibility_date = "${compatibilityDate}"\n${config}`,
  );
  return wranglerDev({ port, persistTo, args: ["--config", join(dir, "wrangler.toml")] });
}

/** Every process below `rootPid` (children, theirs, ...). Linux only (reads /proc). */
export function descendantPids(rootPid) {
  const children = new Map();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(pid)]);
    } catch {
      // the process has ended
    }
  }
  const pids = [];
  const walk = (pid) => {
    for (const child of children.get(pid) ?? []) {
      pids.push(child);
      walk(child);
    }
  };
  walk(rootPid);
  return pids;
}

/**
 * The Worker's own workerd socket behind `wrangler dev`: a loopback port that one of wrangler's
 * descendant processes listens on, other than the process serving the public port, and that
 * answers /health. Benchmarks measure through it too, since production has no such proxy in
 * front of the Worker. Linux only (reads /proc); null when not found.
 */
export async function workerdBaseUrl(stack) {
  const rootPid = stack.child.pid;
  const publicPort = Number(new URL(stack.baseUrl).port);
  try {
    const pids = descendantPids(rootPid);
    const listeningPorts = new Map(); // socket inode -> port
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols[3] === "0A") listeningPorts.set(cols[9], Number.parseInt(cols[1].split(":").at(-1), 16));
      }
    }
    const portsOf = (pid) => {
      const ports = new Set();
      try {
        for (const fd of readdirSync(`/proc/${pid}/fd`)) {
          const inode = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/)?.[1];
          if (inode && listeningPorts.has(inode)) ports.add(listeningPorts.get(inode));
        }
      } catch {
        // the process has ended, or its fds are not ours to read
      }
      return ports;
    };
    for (const pid of pids) {
      const ports = portsOf(pid);
      if (ports.has(publicPort)) continue;
      for (const p of ports) {
        const healthy = await fetch(`http://127.0.0.1:${p}/health`, { signal: AbortSignal.timeout(5000) }).then(
          async (res) => res.ok && (await res.text()).includes('"status"'),
          () => false,
        );
        if (healthy) return `http://127.0.0.1:${p}`;
      }
    }
  } catch {
    // not Linux, or /proc is not readable
  }
  return null;
}
