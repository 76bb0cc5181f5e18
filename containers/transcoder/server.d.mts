import type { Server } from "node:http";

export interface Transcoder {
  engine: "system" | "wasm";
  server: Server;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}
export function createTranscoder(options?: { engine?: "system" | "wasm"; workDir?: string }): Transcoder;
