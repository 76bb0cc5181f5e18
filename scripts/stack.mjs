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
  symlinkSync,
  writeFileSync,
} from "node:fs";
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

/** Refuses to run against a port something else (another bench, another engineer's stack) already answers on. */
export async function assertPortsFree(...ports) {
  for (const port of ports) {
    const busy = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (busy) throw new Error(`port ${port} is already in use; set BENCH_PORT to a free one`);
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

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, CI: "true" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

export function prepare({ persistTo } = {}) {
  ensureDevVars();
  run("node", ["scripts/build-web.mjs"]);
  const persist = persistTo ? ["--persist-to", persistTo] : [];
  run(wrangler, ["d1", "migrations", "apply", "DB", "--local", ...persist]);
}

async function waitForHealth(baseUrl, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
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
 * process on a free loopback port; resolves with its URL once it listens.
 * `engine` ("system" | "wasm") forces an FFmpeg engine; by default the system binary when present.
 */
export function startTranscoder({ engine, quiet = false } = {}) {
  const env = { ...process.env, HOST: "127.0.0.1", PORT: "0" };
  if (engine) env.TRANSCODER_ENGINE = engine;
  const child = spawn(process.execPath, ["containers/transcoder/server.mjs"], { stdio: ["ignore", "pipe", "inherit"], env });
  return new Promise((resolve, reject) => {
    let output = "";
    child.once("exit", (code) => reject(new Error(`the transcoder exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      if (!quiet) process.stdout.write(chunk);
      output += chunk;
      const url = output.match(/listening on (http:\/\/\S+)/)?.[1];
      if (url) {
        output = "";
        child.removeAllListeners("exit");
        resolve({ url, child, stop: () => stopChild(child) });
      }
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", resolve);
    child.kill("SIGTERM");
  });
}

/**
 * Runs migrations, starts the transcoder and wrangler dev on 127.0.0.1:port (the Worker reaches
 * the transcoder at TRANSCODER_URL), resolves once /health answers. `stop()` ends both.
 */
export async function startStack({ port = 8787, persistTo, quiet = false, vars = {}, transcoderEngine } = {}) {
  prepare({ persistTo });
  const transcoder = await startTranscoder({ engine: transcoderEngine, quiet });
  const args = [];
  for (const [key, value] of Object.entries({ TRANSCODER_URL: transcoder.url, ...vars })) args.push("--var", `${key}:${value}`);
  try {
    const dev = await wranglerDev({ port, persistTo, args, quiet });
    const stop = () => Promise.all([dev.stop(), transcoder.stop()]).then(() => undefined);
    return { baseUrl: dev.baseUrl, child: dev.child, transcoderUrl: transcoder.url, stop };
  } catch (err) {
    await transcoder.stop();
    throw err;
  }
}

/** `wrangler dev` on 127.0.0.1:port with `args` added; resolves once /health answers, or ends it and throws. */
async function wranglerDev({ port, persistTo, args = [], quiet = true }) {
  const all = ["dev", "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false", ...args];
  if (persistTo) all.push("--persist-to", persistTo);
  const child = spawn(resolve(wrangler), all, { stdio: quiet ? "ignore" : "inherit", env: { ...process.env, CI: "true" } });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // Generous: on a busy machine wrangler's first bundle can take over a minute.
    await waitForHealth(baseUrl, child, 180_000);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { baseUrl, child, stop: () => stopChild(child) };
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
