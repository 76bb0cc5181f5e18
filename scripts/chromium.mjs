// Debian's Chromium (or CHROMIUM_PATH), headless through playwright-core, which never downloads a
// browser: for the browser tests and `npm run screenshots`. The flags keep it off the network
// (this machine's is closed) and let the demo clips play without a click.
import { chromium } from "playwright-core";

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
      "--mute-audio",
      ...extraArgs,
    ],
  });
}
