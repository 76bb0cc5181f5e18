// Builds the browser app (web/) with Vite into web/dist, which wrangler serves as static assets,
// and prints what the first screen costs: the JavaScript the entry page loads before any route's chunk.
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const FIRST_ROUTE_BUDGET = 200 * 1024;

// A production build whatever the caller's NODE_ENV (vitest sets "test", which would bundle React's development build).
process.env.NODE_ENV = "production";
await build({ configFile: "web/vite.config.ts", mode: "production", logLevel: process.env.BUILD_WEB_VERBOSE ? "info" : "warn" });
mkdirSync("web/dist/vendor", { recursive: true });
// The API docs page loads Scalar from here rather than a CDN, so /api/docs works offline.
cpSync("node_modules/@scalar/api-reference/dist/browser/standalone.js", "web/dist/vendor/scalar.js");

// The entry page's scripts and their static imports (modulepreload): what loads before the first route.
const html = readFileSync("web/dist/index.html", "utf8");
const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const gzipped = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(join("web/dist", src))).length, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`web/dist built: first-route JavaScript ${kb(gzipped)} gzipped (budget ${kb(FIRST_ROUTE_BUDGET)})`);
if (gzipped > FIRST_ROUTE_BUDGET) {
  console.error(`The first route loads ${kb(gzipped)} of JavaScript gzipped, over the ${kb(FIRST_ROUTE_BUDGET)} budget.`);
  process.exit(1);
}
