import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { seed } from "../../scripts/seed.mjs";
import { ensureDevVars, freePort, startStack } from "../../scripts/stack.mjs";

/**
 * The Node-side tests (clients that cannot run inside workerd, like tus-js-client, and the web
 * app's browser journeys) talk to the real local stack as `npm start` brings it up: wrangler dev
 * plus the transcoder process, on loopback, with its own state, seeded with the demo data.
 */
export default async function setup(project: TestProject) {
  // While developing: `MARQUEE_STACK_URL=http://127.0.0.1:8787` runs the journeys against a stack already up (`npm start`).
  const running = process.env.MARQUEE_STACK_URL;
  if (running) {
    project.provide("stackUrl", running.replace(/\/$/, ""));
    return;
  }
  ensureDevVars();
  const persistTo = await mkdtemp(join(tmpdir(), "marquee-node-tests-"));
  const stack = await startStack({ port: await freePort(), persistTo, quiet: true });
  const seedLog: string[] = [];
  try {
    const demo = await seed(stack.baseUrl, { markerPath: join(persistTo, "demo-seed.json"), log: (line) => seedLog.push(line) });
    // The journeys play demo titles: without them every playback test would fail for a reason it cannot name.
    if (!demo.playable)
      throw new Error(`the demo media could not be made:\n  ${seedLog.filter((l) => l.includes("media")).join("\n  ")}`);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  project.provide("stackUrl", stack.baseUrl);
  return async () => {
    await stack.stop();
    await rm(persistTo, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    stackUrl: string;
  }
}
