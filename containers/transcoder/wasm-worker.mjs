// Runs one ffmpeg.wasm command in a worker thread: copies the inputs of `cwd` into the wasm
// file system, runs, and copies what it wrote back to disk. A fresh core per command keeps
// runs independent (the core's state is not safe to reuse after an error).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);
// dist/umd/ffmpeg-core.js -> the package directory (its exports hide package.json).
const coreDir = dirname(dirname(dirname(require.resolve("@ffmpeg/core"))));
const corePath = join(coreDir, "dist/esm/ffmpeg-core.js");
// The ESM build expects a browser worker; it only reads self.location to find itself.
globalThis.self ??= { location: { href: pathToFileURL(corePath).href } };
const { default: createFFmpegCore } = await import(pathToFileURL(corePath).href);

let stderr = "";
const core = await createFFmpegCore({ wasmBinary: readFileSync(join(coreDir, "dist/esm/ffmpeg-core.wasm")) });
core.setLogger(({ message }) => {
  stderr = `${stderr}${message}\n`.slice(-4000);
  const m = message.match(/time=(\d+):(\d+):(\d+\.\d+)/);
  if (m) parentPort.postMessage({ type: "time", seconds: Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) });
});

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function mkdirp(path) {
  let at = "";
  for (const part of path.split("/").filter(Boolean)) {
    at += `/${part}`;
    try {
      core.FS.mkdir(at);
    } catch {
      // exists
    }
  }
}

function wasmWalk(dir) {
  return core.FS.readdir(dir)
    .filter((n) => n !== "." && n !== "..")
    .flatMap((name) => {
      const full = `${dir}/${name}`;
      return core.FS.isDir(core.FS.stat(full).mode) ? wasmWalk(full) : [full];
    });
}

const { op } = workerData;
if (op === "probe") {
  mkdirp("/work");
  core.FS.writeFile("/work/input", readFileSync(workerData.file));
  core.ffprobe("-v", "error", "-print_format", "json", "-show_format", "-show_streams", "/work/input", "-o", "/work/probe.json");
  let json;
  try {
    json = JSON.parse(new TextDecoder().decode(core.FS.readFile("/work/probe.json")));
  } catch {
    json = undefined;
  }
  const ok = json && Array.isArray(json.streams) && json.streams.length > 0;
  parentPort.postMessage({ type: "result", code: ok ? 0 : 1, json: ok ? json : undefined, stderr });
} else {
  const { args, cwd } = workerData;
  mkdirp("/work");
  const before = new Set();
  for (const file of walk(cwd)) {
    const rel = relative(cwd, file);
    mkdirp(dirname(`/work/${rel}`));
    core.FS.writeFile(`/work/${rel}`, readFileSync(file));
    before.add(`/work/${rel}`);
  }
  // Output directories the command expects must exist in the wasm file system too.
  for (const dir of walk(cwd).map((f) => dirname(relative(cwd, f)))) mkdirp(`/work/${dir}`);
  for (const entry of readdirSync(cwd, { recursive: true })) {
    if (statSync(join(cwd, String(entry))).isDirectory()) mkdirp(`/work/${entry}`);
  }
  core.FS.chdir("/work");
  const code = core.exec("-hide_banner", ...args);
  for (const file of wasmWalk("/work")) {
    if (before.has(file)) continue;
    const target = join(cwd, file.slice("/work/".length));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, core.FS.readFile(file));
  }
  parentPort.postMessage({ type: "result", code, signal: null, stderr });
}
process.exit(0);
