// Starts the local stack (wrangler dev: workerd with real D1, R2, KV, Queues and Durable
// Objects) on loopback, and stops it. Shared by `npm start` and the benchmarks.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";

const wrangler = "node_modules/.bin/wrangler";

export function ensureDevVars() {
  if (!existsSync(".dev.vars")) {
    copyFileSync(".dev.vars.example", ".dev.vars");
    console.log("Created .dev.vars from .dev.vars.example");
  }
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
  throw new Error(`the stack did not answer ${baseUrl}/health within ${timeoutMs / 1000}s`);
}

/** Runs migrations, starts wrangler dev on 127.0.0.1:port, resolves once /health answers. */
export async function startStack({ port = 8787, persistTo, quiet = false, vars = {} } = {}) {
  prepare({ persistTo });
  const args = ["dev", "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false"];
  if (persistTo) args.push("--persist-to", persistTo);
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
  const child = spawn(wrangler, args, { stdio: quiet ? "ignore" : "inherit", env: { ...process.env, CI: "true" } });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return { baseUrl, child, stop };
}
