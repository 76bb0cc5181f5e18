// Builds the browser app into web/dist, which wrangler serves as static assets.
// Today the app is plain files in web/public; this is the one place a bundler will go.
import { cpSync, mkdirSync, rmSync } from "node:fs";

rmSync("web/dist", { recursive: true, force: true });
mkdirSync("web/dist/vendor", { recursive: true });
cpSync("web/public", "web/dist", { recursive: true });
// The API docs page loads Scalar from here rather than a CDN, so /api/docs works offline.
cpSync("node_modules/@scalar/api-reference/dist/browser/standalone.js", "web/dist/vendor/scalar.js");
console.log("web/dist built");
