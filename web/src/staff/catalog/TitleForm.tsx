import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem, Skeleton } from "../../components/Problem";
import { binder, CatalogForm, TextAreaField, useSaveEntry } from "./form";
import { fetchGenres, keys, type Movie, numberOrNull, type Series, type TitleKind } from "./queries";

const FIELDS = [
  "title",
  "originalTitle",
  "runtimeMinutes",
  "releaseYear",
  "maturityRating",
  "languages",
  "synopsis",
  "genres",
  "access",
  "requiredFeatures",
];

/** Words separated by commas or spaces, as the plan features a title needs (`premium_titles, hd`). */
const featureList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((feature) => feature.trim())
    .filter(Boolean);

/** The message for a field, including one about a single entry of a list (`languages.1`). */
const messageFor = (error: unknown, path: string) =>
  fieldError(error, path) ??
  (error as { errors?: { path: string; message: string }[] } | null)?.errors?.find((e) => e.path.startsWith(`${path}.`))?.message;

/** A whole number typed in a field; empty is 0, which the API refuses with its own message. */
const whole = (text: string) => (text.trim() === "" ? 0 : Number(text));

/**
 * A movie's or series' details: creates the title (then opens its edit page), or saves changes to
 * it. The form does not validate in the browser: the API's messages appear under each field.
 * No other label contains "title", so `getByLabel("Title")` finds exactly one field (other
 * engineers' tests create movies through this form).
 */
export function TitleForm({ kind, title }: { kind: TitleKind; title?: Movie | Series }) {
  const genresHintId = useId();
  const [name, setName] = useState(title?.title ?? "");
  const [originalTitle, setOriginalTitle] = useState(title?.originalTitle ?? "");
  const [runtime, setRuntime] = useState(title?.runtimeMinutes?.toString() ?? "");
  const [year, setYear] = useState(title?.releaseYear?.toString() ?? "");
  const [rating, setRating] = useState(title?.maturityRating ?? "");
  const [languages, setLanguages] = useState(title?.languages.join(", ") ?? "");
  const [synopsis, setSynopsis] = useState(title?.synopsis ?? "");
  const [genreIds, setGenreIds] = useState<string[]>(title?.genres.map((genre) => genre.id) ?? []);
  const [access, setAccess] = useState(title?.access ?? "free");
  const [features, setFeatures] = useState(title?.requiredFeatures.join(", ") ?? "");
  const genres = useQuery({ queryKey: keys.genres, queryFn: fetchGenres });

  const body = () => ({
    title: name,
    originalTitle: originalTitle.trim() ? originalTitle : null,
    releaseYear: whole(year),
    maturityRating: rating.trim() ? rating : null,
    languages: languages
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    synopsis: synopsis.trim() ? synopsis : null,
    genres: genreIds,
    access,
    requiredFeatures: access === "subscription" ? featureList(features) : [],
  });

  const save = useSaveEntry({
    existing: title,
    write: async () => {
      if (kind === "movie") {
        const json = { ...body(), runtimeMinutes: whole(runtime) };
        return title ? ok(api.movies[":id"].$patch({ param: { id: title.id }, json })) : ok(api.movies.$post({ json }));
      }
      const json = { ...body(), runtimeMinutes: numberOrNull(runtime) };
      return title ? ok(api.series[":id"].$patch({ param: { id: title.id }, json })) : ok(api.series.$post({ json }));
    },
    listPath: `/staff/catalog/${kind === "movie" ? "movies" : "series"}`,
    detailKey: kind === "movie" ? keys.movie : keys.series,
  });
  const bind = binder(save, messageFor);
  const genresError = messageFor(save.error, "genres");

  return (
    <CatalogForm save={save} fields={FIELDS} submit={title ? "Save changes" : `Create ${kind}`} editing={Boolean(title)}>
      <Field label="Title" required maxLength={300} {...bind("title", name, setName)} />
      <Field
        label="Name in its original language (optional)"
        maxLength={300}
        {...bind("originalTitle", originalTitle, setOriginalTitle)}
      />
      <div className="catalog-form-row">
        <Field
          label={kind === "movie" ? "Runtime (minutes)" : "Episode runtime (minutes, optional)"}
          type="number"
          inputMode="numeric"
          min={1}
          max={1000}
          required={kind === "movie"}
          {...bind("runtimeMinutes", runtime, setRuntime)}
        />
        <Field
          label="Release year"
          type="number"
          inputMode="numeric"
          min={1870}
          required
          {...bind("releaseYear", year, setYear)}
        />
        <Field
          label="Maturity rating (optional)"
          maxLength={20}
          hint="For example PG-13"
          {...bind("maturityRating", rating, setRating)}
        />
      </div>
      <Field
        label="Languages"
        hint="Language tags separated by commas, for example en, pt-BR"
        autoComplete="off"
        {...bind("languages", languages, setLanguages)}
      />
      <TextAreaField label="Synopsis" rows={4} maxLength={5000} {...bind("synopsis", synopsis, setSynopsis)} />
      <fieldset className="catalog-genres" aria-describedby={genresError ? genresHintId : undefined}>
        <legend>Genres</legend>
        {genres.isPending && <Skeleton rows={2} label="Loading genres" />}
        {genres.isError && <Problem error={genres.error} onRetry={() => void genres.refetch()} />}
        {genres.data?.items.length === 0 && <p className="hint">No genres yet: add them under Genres.</p>}
        {genres.data?.items.map((genre) => (
          <label key={genre.id} className="checkbox">
            <input
              type="checkbox"
              checked={genreIds.includes(genre.id)}
              onChange={(event) => {
                setGenreIds((ids) => (event.target.checked ? [...ids, genre.id] : ids.filter((id) => id !== genre.id)));
                save.reset();
              }}
            />
            {genre.name}
          </label>
        ))}
        {genresError && (
          <small id={genresHintId} className="field-error">
            {genresError}
          </small>
        )}
      </fieldset>
      <fieldset className="catalog-access">
        <legend>Who can watch</legend>
        {(["free", "subscription"] as const).map((level) => (
          <label key={level} className="checkbox">
            <input
              type="radio"
              name="access"
              value={level}
              checked={access === level}
              onChange={() => {
                setAccess(level);
                save.reset();
              }}
            />
            {level === "free" ? "Everyone signed in" : "Subscribers only"}
          </label>
        ))}
        {access === "subscription" && (
          <Field
            label="Plan features it needs (optional)"
            hint="Separated by commas, for example premium_titles; empty: any plan"
            autoComplete="off"
            {...bind("requiredFeatures", features, setFeatures)}
          />
        )}
      </fieldset>
    </CatalogForm>
  );
}
