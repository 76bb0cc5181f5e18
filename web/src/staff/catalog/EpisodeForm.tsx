import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field } from "../../components/Field";
import { binder, CatalogForm, TextAreaField } from "./form";
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
  const bind = binder(save);
  return (
    <CatalogForm
      save={save}
      fields={FIELDS}
      submit={episode ? "Save changes" : "Add episode"}
      editing={Boolean(episode)}
      actions={
        onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )
      }
    >
      <div className="catalog-form-row">
        <Field label="Episode number" type="number" inputMode="numeric" min={0} required {...bind("number", number, setNumber)} />
        <Field
          label="Runtime (minutes)"
          type="number"
          inputMode="numeric"
          min={1}
          {...bind("runtimeMinutes", minutes, setMinutes)}
        />
        <Field label="Air date (optional)" type="date" {...bind("airDate", airDate, setAirDate)} />
      </div>
      <Field label="Episode title" required maxLength={300} {...bind("title", title, setTitle)} />
      <TextAreaField label="Episode synopsis" rows={3} maxLength={5000} {...bind("synopsis", synopsis, setSynopsis)} />
    </CatalogForm>
  );
}
