// `npm test` runs this first (pretest). The tests need two programs from the system: FFmpeg (the
// transcoder's system engine is tested) and Chromium (the web app's browser journeys, driven by
// playwright-core, which never downloads a browser). When one is missing and we may use apt
// (root on Debian/Ubuntu, as in CI), install it; otherwise say how.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { systemFfmpegAvailable } from "../containers/transcoder/engines.mjs";
import { chromiumPath } from "./chromium.mjs";

const tools = [
  {
    name: "ffmpeg",
    present: systemFfmpegAvailable,
    packages: ["ffmpeg"],
    hint: "`sudo apt-get install ffmpeg` or `brew install ffmpeg`",
  },
  {
    name: "Chromium",
    present: () => existsSync(chromiumPath()),
    // With a font, so pages lay text out as people see them (axe measures the text's contrast).
    packages: ["chromium", "fonts-liberation"],
    hint: "`sudo apt-get install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome binary",
  },
];

// A CHROMIUM_PATH that names no file is a mistake to report, not a reason to install Debian's.
const missing = tools.filter((tool) => !tool.present() && !(tool.name === "Chromium" && process.env.CHROMIUM_PATH));
const canApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0 && process.getuid?.() === 0;
if (missing.length > 0 && canApt) {
  console.log(`Installing ${missing.map((tool) => tool.name).join(" and ")} with apt-get for the tests`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", ...missing.flatMap((tool) => tool.packages)]]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
const stillMissing = tools.filter((tool) => !tool.present());
for (const tool of stillMissing) console.error(`The tests need ${tool.name}: ${tool.hint}.`);
if (stillMissing.length > 0) process.exit(1);
