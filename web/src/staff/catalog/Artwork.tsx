import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Problem } from "../../components/Problem";

const ACCEPT = "image/png,image/jpeg,image/webp";
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * One piece of artwork (a poster, a backdrop, a portrait): the stored image, a file input whose
 * choice is previewed before it is uploaded, upload and remove. `onChanged` refreshes the owner.
 */
export function ArtworkPicker({
  label,
  url,
  shape,
  upload,
  remove,
  onChanged,
  level = 3,
}: {
  /** The heading level of its name: 3 inside an "Artwork" section, 2 when it stands alone. */
  level?: 2 | 3;
  label: string;
  url: string | null;
  shape: "portrait" | "wide";
  upload: (file: File) => Promise<unknown>;
  remove: () => Promise<unknown>;
  onChanged: () => Promise<unknown>;
}) {
  const inputId = useId();
  const hintId = useId();
  const headingId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [done, setDone] = useState("");
  const lower = label.toLowerCase();
  const Heading = level === 2 ? "h2" : "h3";

  useEffect(() => {
    if (!file) return;
    const objectUrl = URL.createObjectURL(file);
    setPreview(objectUrl);
    return () => {
      URL.revokeObjectURL(objectUrl);
      setPreview(null);
    };
  }, [file]);

  const clear = () => {
    setFile(null);
    if (input.current) input.current.value = "";
  };
  const send = useMutation({
    mutationFn: (chosen: File) => upload(chosen),
    onSuccess: async () => {
      await onChanged();
      clear();
      setDone(`${label} uploaded.`);
    },
  });
  const drop = useMutation({
    mutationFn: remove,
    onSuccess: async () => {
      await onChanged();
      setDone(`${label} removed.`);
    },
  });
  const tooBig = file && file.size > MAX_BYTES ? `That file is larger than 5 MB; choose a smaller ${lower}.` : undefined;

  return (
    <section className={`artwork artwork-${shape}`} aria-labelledby={headingId}>
      <Heading id={headingId}>{label}</Heading>
      <div className="artwork-images">
        <figure>
          {url ? (
            <img src={url} alt={`Current ${lower}`} />
          ) : (
            <div className="artwork-none">
              <span>No {lower} yet</span>
            </div>
          )}
          <figcaption className="hint">Stored</figcaption>
        </figure>
        {preview && file && (
          <figure>
            <img src={preview} alt={`Preview of the chosen ${lower}, ${file.name}`} />
            <figcaption className="hint">Chosen: {file.name}</figcaption>
          </figure>
        )}
      </div>
      <div className="field">
        <label htmlFor={inputId}>Choose a {lower} image</label>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept={ACCEPT}
          aria-describedby={hintId}
          aria-invalid={tooBig ? true : undefined}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setDone("");
            send.reset();
          }}
        />
        <small id={hintId} className="hint">
          JPEG, PNG or WebP, at most 5 MB.
        </small>
        {tooBig && <small className="field-error">{tooBig}</small>}
      </div>
      <div className="actions">
        {file && (
          <>
            <button
              type="button"
              className="primary"
              disabled={send.isPending || Boolean(tooBig)}
              onClick={() => send.mutate(file)}
            >
              {send.isPending ? "Uploading…" : `Upload ${lower}`}
            </button>
            <button type="button" onClick={clear}>
              Clear choice
            </button>
          </>
        )}
        {url && !file && (
          <button type="button" className="danger" disabled={drop.isPending} onClick={() => drop.mutate()}>
            Remove {lower}
          </button>
        )}
      </div>
      {send.isError && <Problem error={send.error} />}
      {drop.isError && <Problem error={drop.error} />}
      <p role="status" className="ok">
        {done}
      </p>
    </section>
  );
}
