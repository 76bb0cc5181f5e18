import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState, useSyncExternalStore } from "react";
import { Link } from "react-router";
import type { PreviousUpload } from "tus-js-client";
import { bytes, when } from "../lib/format";
import { keys } from "./queries";
import * as uploads from "./uploads";

/** Pick or drop audio and video files; each uploads over tus with its own progress, pause and resume. */
export function Uploader() {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const entries = useSyncExternalStore(uploads.subscribe, uploads.snapshot);
  const queryClient = useQueryClient();

  useEffect(() => {
    const stop = uploads.onFinished(() => void queryClient.invalidateQueries({ queryKey: keys.mine }));
    return () => void stop();
  }, [queryClient]);

  const onDrop = (event: React.DragEvent) => {
    event.preventDefault();
    setDragging(false);
    // Copied now: the drop's file list empties once the event is over.
    if (event.dataTransfer.files.length > 0) void uploads.addFiles(Array.from(event.dataTransfer.files));
  };

  return (
    <section aria-labelledby={`${inputId}-heading`} className="uploader">
      <h2 id={`${inputId}-heading`}>Upload</h2>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is the mouse's shortcut; the file input inside is the keyboard's way */}
      <div
        className={dragging ? "drop-zone dragging" : "drop-zone"}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop audio or video files here, or</p>
        {/* The input stays in the tab order (visually hidden); its label is what people see and click. */}
        <input
          id={inputId}
          className="visually-hidden-input"
          type="file"
          multiple
          accept="audio/*,video/*"
          onChange={(event) => {
            if (event.target.files) void uploads.addFiles(Array.from(event.target.files));
            event.target.value = "";
          }}
        />
        <label htmlFor={inputId} className="button primary">
          Choose files
        </label>
        <small className="hint">MP3, WAV, FLAC, Ogg, MP4, MOV, MKV or WebM, up to the upload limit.</small>
      </div>
      <Unfinished />
      {entries.length > 0 && (
        <ul className="upload-list" aria-label="Uploads">
          {entries.map((entry) => (
            <UploadRow key={entry.key} entry={entry} />
          ))}
        </ul>
      )}
    </section>
  );
}

function UploadRow({ entry }: { entry: uploads.UploadEntry }) {
  const percent = entry.size > 0 ? Math.floor((entry.sent / entry.size) * 100) : 100;
  const errorId = useId();
  const state = { uploading: "Uploading", paused: "Paused", done: "Uploaded", failed: "Stopped" }[entry.state];
  const resumed = entry.resumedFrom ? ` · resumed from ${bytes(entry.resumedFrom)}` : "";
  return (
    <li className="upload-row" aria-describedby={entry.error ? errorId : undefined}>
      <div className="upload-head">
        <strong className="upload-name">{entry.name}</strong>
        <span className="hint">
          {state} · {bytes(entry.sent)} of {bytes(entry.size)}
          {resumed}
        </span>
      </div>
      <div
        className={`progress ${entry.state}`}
        role="progressbar"
        aria-label={`Upload of ${entry.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} %`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {entry.error && (
        <p id={errorId} className="field-error" role="alert">
          {entry.error}
        </p>
      )}
      <div className="actions">
        {entry.state === "uploading" && (
          <button type="button" onClick={() => void uploads.pause(entry.key)} aria-label={`Pause ${entry.name}`}>
            Pause
          </button>
        )}
        {(entry.state === "paused" || (entry.state === "failed" && entry.retryable)) && (
          <button type="button" onClick={() => uploads.resume(entry.key)} aria-label={`Resume ${entry.name}`}>
            Resume
          </button>
        )}
        {entry.state === "done" && entry.mediaId && <Link to={`/media/${entry.mediaId}`}>Open {entry.name}</Link>}
        {entry.state !== "uploading" && (
          <button
            type="button"
            className="link-button"
            onClick={() => uploads.dismiss(entry.key)}
            aria-label={`Remove ${entry.name} from the list`}
          >
            Remove
          </button>
        )}
      </div>
    </li>
  );
}

/** Uploads a reload (or a closed tab) interrupted: picking the same file again resumes them. */
function Unfinished() {
  const [unfinished, setUnfinished] = useState<PreviousUpload[]>([]);
  // Re-read whenever the uploads change: one that resumed is no longer unfinished here.
  useEffect(() => {
    let live = true;
    const read = () => void uploads.unfinishedUploads().then((found) => live && setUnfinished(found));
    read();
    const stop = uploads.subscribe(read);
    return () => {
      live = false;
      stop();
    };
  }, []);
  if (unfinished.length === 0) return null;
  return (
    <div className="notice unfinished">
      <h3>Unfinished uploads</h3>
      <p>Choose the same file again to continue where it stopped.</p>
      <ul>
        {unfinished.map((previous) => {
          const name = previous.metadata.filename ?? "A file";
          return (
            <li key={previous.urlStorageKey}>
              {name}
              {previous.size ? ` (${bytes(previous.size)})` : ""}, started {when(previous.creationTime)}{" "}
              <button
                type="button"
                className="link-button"
                onClick={() => void uploads.discard(previous)}
                aria-label={`Discard the unfinished upload of ${name}`}
              >
                Discard
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
