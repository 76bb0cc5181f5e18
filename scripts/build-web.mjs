// Builds the browser app into web/dist, which wrangler serves as static assets.
// Today the app is plain files in web/public; this is the one place a bundler will go.
import { cpSync, mkdirSync, rmSync } from "node:fs";

rmSync("web/dist", { recursive: true, force: true });
mkdirSync("web/dist", { recursive: true });
cpSync("web/public", "web/dist", { recursive: true });
console.log("web/dist built");
