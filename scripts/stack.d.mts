import type { ChildProcess } from "node:child_process";

export interface Stack {
  baseUrl: string;
  child: ChildProcess;
  transcoderUrl: string;
  stop(): Promise<void>;
}
export function startStack(options?: {
  port?: number;
  persistTo?: string;
  quiet?: boolean;
  vars?: Record<string, string>;
  transcoderEngine?: "system" | "wasm";
}): Promise<Stack>;
export function startTranscoder(options?: {
  engine?: "system" | "wasm";
  quiet?: boolean;
}): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }>;
/** The Worker's own workerd socket behind wrangler dev's proxy (Linux); null when not found. */
export function workerdBaseUrl(stack: Stack): Promise<string | null>;
/** Every process below `rootPid` (Linux; reads /proc). */
export function descendantPids(rootPid: number): number[];
/** The variables in `.dev.vars`. */
export function devVars(): Record<string, string>;
/** Throws when something already answers on one of `ports`. */
export function assertPortsFree(...ports: number[]): Promise<void>;
/** A copy of the tree (node_modules linked) in `dir` or a new temporary directory; answers the directory. */
export function snapshotTree(dir?: string): string;
/** A benchmark's own single-file Worker under wrangler dev on loopback, up once /health answers. */
export function startBenchWorker(options: {
  dir: string;
  name: string;
  source: string;
  config?: string;
  port: number;
  persistTo?: string;
}): Promise<{ baseUrl: string; child: ChildProcess; stop(): Promise<void> }>;
