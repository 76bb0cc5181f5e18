import { z } from "@hono/zod-openapi";

/** What the Worker puts on the `transcode` queue: the job id; everything else is read from D1. */
export const TranscodeMessage = z.object({ jobId: z.string().min(1).max(64) });
export type TranscodeMessage = z.infer<typeof TranscodeMessage>;

const OutputFile = z.object({
  name: z.string().regex(/^[a-z0-9_]+(\/[a-z0-9_]+)*\.[a-z0-9]+$/i),
  sizeBytes: z.number().int().min(0),
});

/** One line of the transcoder's NDJSON answer to `POST /jobs/:id`. */
export const TranscoderEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("probe"),
    durationSeconds: z.number().optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    hasVideo: z.boolean(),
    hasAudio: z.boolean(),
    formatName: z.string().max(200).optional(),
    codecs: z.array(z.string().max(64)).max(8).default([]),
  }),
  // Sent every few seconds while the job runs: the attempt's lease is renewed on every line.
  z.object({ type: z.literal("heartbeat") }),
  z.object({ type: z.literal("progress"), progress: z.number().min(0).max(100) }),
  // An output that is complete while the job still runs (an HLS segment): it can be stored already.
  z.object({ type: z.literal("file"), ...OutputFile.shape }),
  z.object({ type: z.literal("done"), outputs: z.array(OutputFile) }),
  // rejected: ffprobe cannot read the source as audio or video (the item itself is refused).
  z.object({ type: z.literal("error"), permanent: z.boolean(), rejected: z.boolean().optional(), message: z.string() }),
]);
export type TranscoderEvent = z.infer<typeof TranscoderEvent>;
