export interface RunResult {
  code: number | null;
  signal: string | null;
  stderr: string;
}
export interface Engine {
  name: "system" | "wasm";
  probe(file: string): Promise<{ ok: true; json: unknown } | { ok: false; crashed?: boolean; error: string }>;
  run(args: string[], options: { cwd: string; onTime?: (seconds: number) => void; signal?: AbortSignal }): Promise<RunResult>;
}
export function systemFfmpegAvailable(): boolean;
export function pickEngine(requested?: string): "system" | "wasm";
export function createEngine(name?: "system" | "wasm"): Engine;
export function summarizeProbe(json: unknown): {
  durationSeconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  hasVideo: boolean;
  hasAudio: boolean;
  formatName?: string;
  codecs: string[];
  streams: { type: string; codec: string; width?: number; height?: number; duration?: number }[];
};
