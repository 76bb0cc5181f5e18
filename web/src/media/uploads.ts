import { type DetailedError, defaultOptions, type PreviousUpload, Upload } from "tus-js-client";
import { currentSession } from "../api/session";

export type UploadState = "uploading" | "paused" | "done" | "failed";

export interface UploadEntry {
  key: string;
  name: string;
  size: number;
  sent: number;
  state: UploadState;
  /** The API's `detail` (or a connection message) when it failed. */
  error?: string;
  /** False when the API refused the file: trying again cannot help. */
  retryable?: boolean;
  /** Bytes that had arrived in an earlier visit, when this upload picked up where it stopped. */
  resumedFrom?: number;
  mediaId?: string;
}

/*
 * The uploads live in this module, not in a component, so they keep going while the person moves
 * around the app; pages subscribe with useUploads().
 */
let entries: UploadEntry[] = [];
const running = new Map<string, Upload>();
const listeners = new Set<() => void>();
const finishedListeners = new Set<(mediaId: string) => void>();

const emit = () => {
  for (const listener of listeners) listener();
};
export const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
export const snapshot = () => entries;
/** Calls `listener` with the new media id each time an upload finishes. */
export const onFinished = (listener: (mediaId: string) => void) => {
  finishedListeners.add(listener);
  return () => finishedListeners.delete(listener);
};

function patch(key: string, change: Partial<UploadEntry>) {
  entries = entries.map((entry) => (entry.key === key ? { ...entry, ...change } : entry));
  emit();
}

const MB = 1024 * 1024;
const endpoint = () => new URL("/api/uploads", window.location.origin).toString();
const userId = () => currentSession()?.user.id ?? "anonymous";
const storagePrefix = () => `tus::marquee/${userId()}/`;

/** Same file, same person: the same fingerprint, so tus finds the earlier upload's URL after a reload. */
const fingerprintOf = (file: File) =>
  Promise.resolve(`marquee/${userId()}/${file.name}/${file.type}/${file.size}/${file.lastModified}`);

const authorize = (req: { setHeader(name: string, value: string): void }) => {
  const token = currentSession()?.accessToken;
  if (token) req.setHeader("Authorization", `Bearer ${token}`);
};

/** What the person reads when an upload stops: the API's problem `detail` where there is one. */
function reasonOf(error: Error): { message: string; retryable: boolean } {
  const res = (error as DetailedError).originalResponse;
  if (!res) return { message: "The connection dropped. Resume when you are back online.", retryable: true };
  const status = res.getStatus();
  let detail: string | undefined;
  try {
    detail = (JSON.parse(res.getBody()) as { detail?: string }).detail;
  } catch {
    // not problem+json: a generic message below
  }
  if (status >= 500) return { message: detail ?? "Marquee is having trouble right now. Try again in a moment.", retryable: true };
  return { message: detail ?? `The upload was refused (${status}).`, retryable: false };
}

const titleOf = (filename: string) => filename.replace(/\.[^.]+$/, "").trim() || filename;

async function forgetStored(upload: Upload) {
  for (const previous of await upload.findPreviousUploads()) await defaultOptions.urlStorage.removeUpload(previous.urlStorageKey);
  emit();
}

/**
 * Starts uploading each file over tus. A file this browser began uploading before (same person,
 * name, size and date) picks up where it stopped: tus-js-client kept its URL in localStorage.
 */
export async function addFiles(files: Iterable<File>) {
  for (const file of files) {
    const key = crypto.randomUUID();
    entries = [{ key, name: file.name, size: file.size, sent: 0, state: "uploading" }, ...entries];
    emit();
    const upload: Upload = new Upload(file, {
      endpoint: endpoint(),
      chunkSize: 8 * MB,
      retryDelays: [0, 1000, 3000, 5000],
      metadata: { filename: file.name, title: titleOf(file.name) },
      fingerprint: (f) => fingerprintOf(f as File),
      removeFingerprintOnSuccess: true,
      onBeforeRequest: authorize,
      onAfterResponse: (req, res) => {
        // A HEAD is tus asking where an earlier upload stopped.
        if (req.getMethod() === "HEAD" && res.getStatus() === 200) {
          const offset = Number(res.getHeader("Upload-Offset") ?? 0);
          patch(key, { resumedFrom: offset, sent: offset });
        }
      },
      onProgress: (sent) => patch(key, { sent }),
      onSuccess: ({ lastResponse }) => {
        running.delete(key);
        const mediaId = lastResponse.getHeader("Media-Id") ?? undefined;
        patch(key, { state: "done", sent: file.size, mediaId });
        if (mediaId) for (const listener of finishedListeners) listener(mediaId);
      },
      onError: (error) => {
        const { message, retryable } = reasonOf(error);
        patch(key, { state: "failed", error: message, retryable });
        // A refused file is gone on the server; remembering its URL would only resume a dead upload.
        if (!retryable) {
          running.delete(key);
          void forgetStored(upload);
        }
      },
    });
    running.set(key, upload);
    const previous = (await upload.findPreviousUploads()).sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
    if (previous) upload.resumeFromPreviousUpload(previous);
    upload.start();
  }
}

export async function pause(key: string) {
  await running.get(key)?.abort();
  patch(key, { state: "paused" });
}

export function resume(key: string) {
  const upload = running.get(key);
  if (!upload) return;
  patch(key, { state: "uploading", error: undefined });
  upload.start();
}

/** Takes a finished or failed upload off the list. */
export function dismiss(key: string) {
  void running.get(key)?.abort();
  running.delete(key);
  entries = entries.filter((entry) => entry.key !== key);
  emit();
}

/** Unfinished uploads this browser remembers for the person, which no upload on the page is continuing. */
export async function unfinishedUploads(): Promise<PreviousUpload[]> {
  const all = await defaultOptions.urlStorage.findAllUploads();
  const busy = new Set([...running.values()].map((upload) => upload.url));
  return all.filter((upload) => upload.urlStorageKey.startsWith(storagePrefix()) && !busy.has(upload.uploadUrl));
}

/** Forgets an unfinished upload from an earlier visit and ends it on the server. */
export async function discard(previous: PreviousUpload) {
  if (previous.uploadUrl)
    await Upload.terminate(previous.uploadUrl, { onBeforeRequest: authorize, retryDelays: null }).catch(() => undefined);
  await defaultOptions.urlStorage.removeUpload(previous.urlStorageKey);
  emit();
}
