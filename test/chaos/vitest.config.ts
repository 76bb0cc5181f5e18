import { defineConfig } from "vitest/config";

/**
 * `npm run chaos`: fault scenarios that restart or kill parts of a real local stack. Each test file
 * starts its own stack (wrangler dev + transcoder) on a free port with its own state directory
 * and stops it after, so they never touch the node project's stack or a developer's `npm start`.
 * Files run one at a time: every one of them brings up a whole stack on a small machine.
 */
export default defineConfig({
  test: {
    name: "chaos",
    root: new URL("../..", import.meta.url).pathname,
    environment: "node",
    include: ["test/chaos/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
