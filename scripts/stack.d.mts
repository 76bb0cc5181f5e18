import type { ChildProcess } from "node:child_process";

export interface Stack {
  baseUrl: string;
  /** wrangler dev (the leader of its own process group). */
  child: ChildProcess;
  transcoderChild: ChildProcess;
  transcoderUrl: string;
  /** Ends wrangler dev and the transcoder, each with its whole process group. */
  stop(): Promise<void>;
}
/** Receives a child's output instead of the terminal. */
export type Output = (chunk: Buffer, source: "build" | "migrations" | "transcoder" | "wrangler") => void;
export function startStack(options?: {
  port?: number;
  persistTo?: string;
  quiet?: boolean;
  vars?: Record<string, string>;
  transcoderEngine?: "system" | "wasm";
  /** The transcoder's port; 0 (the default) takes any free one. */
  transcoderPort?: number;
  output?: Output;
  onStep?: (step: "prepare" | "worker") => void;
  /** false: skip the migrations (the caller knows the database has them all). */
  migrate?: boolean;
  /** The rate-limit budgets it runs with; LOCAL_RATE_LIMITS by default. */
  rateLimits?: RateLimits;
}): Promise<Stack>;
export type RateLimits = Record<"auth" | "write" | "read" | "stream", number>;
export const LOCAL_RATE_LIMITS: RateLimits;
/** wrangler.toml's text with `limits` in its [[ratelimits]] bindings and RATE_LIMITS. */
export function withRateLimits(config: string, limits: RateLimits): string;
/** Writes wrangler.stack.toml (wrangler.toml with `limits`) and answers its name. */
export function writeStackConfig(limits?: RateLimits): string;
export function startTranscoder(options?: {
  engine?: "system" | "wasm";
  quiet?: boolean;
  output?: Output;
  port?: number;
}): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }>;
/** Stops every child stack.mjs started, process groups and all, and refuses to start more. */
export function stopAllChildren(): Promise<void>;
/** Whether something listens on host:port (127.0.0.1 by default). */
export function portInUse(port: number, host?: string): Promise<boolean>;
export function freePort(): Promise<number>;
/** Builds the web app and applies the D1 migrations (synchronously, output to this terminal). */
export function prepare(options?: { persistTo?: string }): void;
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
/** Creates `.dev.vars` from `.dev.vars.example` when it is missing. */
export function ensureDevVars(): void;
