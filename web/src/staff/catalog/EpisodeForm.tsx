import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { FormProblem, SavedStatus } from "./parts";
import { type Episode, numberOrNull } from "./queries";

const FIELDS = ["number", "title", "runtimeMinutes", "airDate", "synopsis"];

/** Adds an episode to a season (`seasonId`), or saves changes to `episode`. */
export function EpisodeForm({
  seasonId,
  episode,
  defaultNumber,
  onSaved,
  onCancel,
}: {
  seasonId?: string;
  episode?: Episode;
  defaultNumber?: number;
  onSaved: (episode: Episode) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const synopsisId = useId();
  const [number, setNumber] = useState(String(episode?.number ?? defaultNumber ?? 1));
  const [title, setTitle] = useState(episode?.title ?? "");
  const [minutes, setMinutes] = useState(episode?.runtimeMinutes?.toString() ?? "");
  const [airDate, setAirDate] = useState(episode?.airDate ?? "");
  const [synopsis, setSynopsis] = useState(episode?.synopsis ?? "");
  const save = useMutation({
    mutationFn: () => {
      const json = {
        number: numberOrNull(number) ?? -1,
        title,
        runtimeMinutes: numberOrNull(minutes),
        airDate: airDate || null,
        synopsis: synopsis.trim() ? synopsis : null,
      };
      return episode
        ? ok(api.episodes[":id"].$patch({ param: { id: episode.id }, json }))
        : ok(api.seasons[":id"].episodes.$post({ param: { id: seasonId ?? "" }, json }));
    },
    onSuccess: onSaved,
  });
  const edited = () => save.reset();
  const synopsisError = fieldError(save.error, "synopsis");
  return (
    <form
      noValidate
      className="catalog-form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <div className="catalog-form-row">
        <Field
          label="Episode number"
          type="number"
          inputMode="numeric"
          min={0}
          required
          value={number}
          onChange={(event) => {
            setNumber(event.target.value);
            edited();
          }}
          error={fieldError(save.error, "number")}
        />
        <Field
          label="Runtime (minutes)"
          type="number"
          inputMode="numeric"
          min={1}
          value={minutes}
          onChange={(event) => {
            setMinutes(event.target.value);
            edited();
          }}
          error={fieldError(save.error, "runtimeMinutes")}
        />
        <Field
          label="Air date (optional)"
          type="date"
          value={airDate}
          onChange={(event) => {
            setAirDate(event.target.value);
            edited();
          }}
          error={fieldError(save.error, "airDate")}
        />
      </div>
      <Field
        label="Episode title"
        value={title}
        required
        maxLength={300}
        onChange={(event) => {
          setTitle(event.target.value);
          edited();
        }}
        error={fieldError(save.error, "title")}
      />
      <div className="field">
        <label htmlFor={synopsisId}>Episode synopsis</label>
        <textarea
          id={synopsisId}
          rows={3}
          maxLength={5000}
          value={synopsis}
          aria-invalid={synopsisError ? true : undefined}
          aria-describedby={synopsisError ? `${synopsisId}-error` : undefined}
          onChange={(event) => {
            setSynopsis(event.target.value);
            edited();
          }}
        />
        {synopsisError && (
          <small id={`${synopsisId}-error`} className="field-error">
            {synopsisError}
          </small>
        )}
      </div>
      <FormProblem mutation={save} fields={FIELDS} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {episode ? "Save changes" : "Add episode"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {episode && <SavedStatus saved={save.isSuccess} />}
    </form>
  );
}
