import type { Browser } from "playwright-core";

export function chromiumPath(): string;
export function launchChromium(extraArgs?: string[]): Promise<Browser>;
