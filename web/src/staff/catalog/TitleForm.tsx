import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem, Skeleton } from "../../components/Problem";
import { FormProblem, SavedStatus } from "./parts";
import { catalogChanged, fetchGenres, keys, type Movie, numberOrNull, type Series, type TitleKind } from "./queries";

const FIELDS = ["title", "originalTitle", "runtimeMinutes", "releaseYear", "maturityRating", "languages", "synopsis", "genres"];

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
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const synopsisId = useId();
  const genresHintId = useId();
  const [name, setName] = useState(title?.title ?? "");
  const [originalTitle, setOriginalTitle] = useState(title?.originalTitle ?? "");
  const [runtime, setRuntime] = useState(title?.runtimeMinutes?.toString() ?? "");
  const [year, setYear] = useState(title?.releaseYear?.toString() ?? "");
  const [rating, setRating] = useState(title?.maturityRating ?? "");
  const [languages, setLanguages] = useState(title?.languages.join(", ") ?? "");
  const [synopsis, setSynopsis] = useState(title?.synopsis ?? "");
  const [genreIds, setGenreIds] = useState<string[]>(title?.genres.map((genre) => genre.id) ?? []);
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
  });

  const save = useMutation({
    mutationFn: async () => {
      if (kind === "movie") {
        const json = { ...body(), runtimeMinutes: whole(runtime) };
        return title ? ok(api.movies[":id"].$patch({ param: { id: title.id }, json })) : ok(api.movies.$post({ json }));
      }
      const json = { ...body(), runtimeMinutes: numberOrNull(runtime) };
      return title ? ok(api.series[":id"].$patch({ param: { id: title.id }, json })) : ok(api.series.$post({ json }));
    },
    onSuccess: async (saved) => {
      await catalogChanged(queryClient);
      if (title)
        await queryClient.invalidateQueries({ queryKey: kind === "movie" ? keys.movie(title.id) : keys.series(title.id) });
      else navigate(`/staff/catalog/${kind === "movie" ? "movies" : "series"}/${saved.id}`);
    },
  });
  const edited = () => save.reset();
  const genresError = messageFor(save.error, "genres");

  return (
    <form
      noValidate
      className="catalog-form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Field
        label="Title"
        value={name}
        required
        maxLength={300}
        onChange={(event) => {
          setName(event.target.value);
          edited();
        }}
        error={messageFor(save.error, "title")}
      />
      <Field
        label="Name in its original language (optional)"
        value={originalTitle}
        maxLength={300}
        onChange={(event) => {
          setOriginalTitle(event.target.value);
          edited();
        }}
        error={messageFor(save.error, "originalTitle")}
      />
      <div className="catalog-form-row">
        <Field
          label={kind === "movie" ? "Runtime (minutes)" : "Episode runtime (minutes, optional)"}
          type="number"
          inputMode="numeric"
          min={1}
          max={1000}
          required={kind === "movie"}
          value={runtime}
          onChange={(event) => {
            setRuntime(event.target.value);
            edited();
          }}
          error={messageFor(save.error, "runtimeMinutes")}
        />
        <Field
          label="Release year"
          type="number"
          inputMode="numeric"
          min={1870}
          required
          value={year}
          onChange={(event) => {
            setYear(event.target.value);
            edited();
          }}
          error={messageFor(save.error, "releaseYear")}
        />
        <Field
          label="Maturity rating (optional)"
          value={rating}
          maxLength={20}
          hint="For example PG-13"
          onChange={(event) => {
            setRating(event.target.value);
            edited();
          }}
          error={messageFor(save.error, "maturityRating")}
        />
      </div>
      <Field
        label="Languages"
        value={languages}
        hint="Language tags separated by commas, for example en, pt-BR"
        autoComplete="off"
        onChange={(event) => {
          setLanguages(event.target.value);
          edited();
        }}
        error={messageFor(save.error, "languages")}
      />
      <div className="field">
        <label htmlFor={synopsisId}>Synopsis</label>
        <textarea
          id={synopsisId}
          rows={4}
          maxLength={5000}
          value={synopsis}
          aria-invalid={messageFor(save.error, "synopsis") ? true : undefined}
          aria-describedby={messageFor(save.error, "synopsis") ? `${synopsisId}-error` : undefined}
          onChange={(event) => {
            setSynopsis(event.target.value);
            edited();
          }}
        />
        {messageFor(save.error, "synopsis") && (
          <small id={`${synopsisId}-error`} className="field-error">
            {messageFor(save.error, "synopsis")}
          </small>
        )}
      </div>
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
                edited();
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
      <FormProblem mutation={save} fields={FIELDS} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {title ? "Save changes" : `Create ${kind}`}
        </button>
      </div>
      {title && <SavedStatus saved={save.isSuccess} />}
    </form>
  );
}
