import type { MediaKind } from "../db/schema";

export interface SniffedType {
  contentType: string;
  kind: MediaKind;
}

/** How many leading bytes `sniffType` needs. */
export const SNIFF_BYTES = 4100;

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** True for an MPEG audio frame header (Layer I/II/III); ADTS AAC shares the sync word but has layer 0. */
function isMpegAudioFrame(b: Uint8Array, at: number) {
  return b[at] === 0xff && (b[at + 1] & 0xe0) === 0xe0 && (b[at + 1] & 0x06) !== 0 && (b[at + 2] & 0xf0) !== 0xf0;
}

/**
 * The media type from a file's first bytes (the name and the client's header are never
 * trusted); null for anything that is not MP3, WAV, FLAC, Ogg, MP4/M4A/MOV, Matroska or WebM.
 * A cheap first gate only: four bytes reading `ftyp` prove nothing, so every upload that passes
 * is then read by ffprobe (probe.ts), whose answer is what the item's type and duration become.
 */
export function sniffType(b: Uint8Array): SniffedType | null {
  if (b.length < 12) return null;
  if (ascii(b, 0, 3) === "ID3" || isMpegAudioFrame(b, 0)) return { contentType: "audio/mpeg", kind: "audio" };
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE") return { contentType: "audio/wav", kind: "audio" };
  if (ascii(b, 0, 4) === "fLaC") return { contentType: "audio/flac", kind: "audio" };
  if (ascii(b, 0, 4) === "OggS") {
    const head = ascii(b, 0, Math.min(b.length, 256));
    return head.includes("theora") ? { contentType: "video/ogg", kind: "video" } : { contentType: "audio/ogg", kind: "audio" };
  }
  if (ascii(b, 4, 8) === "ftyp") {
    const brand = ascii(b, 8, 12);
    if (["M4A ", "M4B ", "M4P "].includes(brand)) return { contentType: "audio/mp4", kind: "audio" };
    if (brand === "qt  ") return { contentType: "video/quicktime", kind: "video" };
    return { contentType: "video/mp4", kind: "video" };
  }
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    return ascii(b, 0, Math.min(b.length, 64)).includes("webm")
      ? { contentType: "video/webm", kind: "video" }
      : { contentType: "video/x-matroska", kind: "video" };
  }
  return null;
}
