import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field } from "../../components/Field";
import { runtime } from "../../lib/format";
import { EpisodeForm } from "./EpisodeForm";
import { binder } from "./form";
import { ConfirmDelete, FormProblem } from "./parts";
import { catalogChanged, keys, numberOrNull, type Season, type Series } from "./queries";

const seasonName = (season: Season) => `Season ${season.number}${season.title ? `: ${season.title}` : ""}`;

/** A series' seasons, each with its episodes (add one, open one to edit it), and a form to add a season. */
export function Seasons({ series }: { series: Series }) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: keys.series(series.id) });
    await catalogChanged(queryClient);
  };
  return (
    <section aria-labelledby={headingId} className="staff-panel catalog-panel">
      <h2 id={headingId}>Seasons and episodes</h2>
      {series.seasons.length === 0 && <p className="hint">No seasons yet.</p>}
      {series.seasons.map((season) => (
        <SeasonPanel key={season.id} season={season} onChanged={refresh} />
      ))}
      <AddSeason series={series} onAdded={refresh} />
    </section>
  );
}

function SeasonPanel({ season, onChanged }: { season: Season; onChanged: () => Promise<unknown> }) {
  const headingId = useId();
  const [adding, setAdding] = useState(false);
  const next = Math.max(0, ...season.episodes.map((episode) => episode.number)) + 1;
  return (
    <section aria-labelledby={headingId} className="season">
      <h3 id={headingId}>{seasonName(season)}</h3>
      {season.episodes.length === 0 ? (
        <p className="hint">No episodes yet.</p>
      ) : (
        <ol className="episode-list" aria-label={`Episodes of ${seasonName(season)}`}>
          {season.episodes.map((episode) => (
            <li key={episode.id} value={episode.number}>
              <Link to={`/staff/catalog/episodes/${episode.id}`}>
                {episode.number}. {episode.title}
              </Link>
              <span className="hint">
                {episode.runtimeMinutes ? runtime(episode.runtimeMinutes) : "no runtime"}
                {episode.playable ? " · playable" : ""}
              </span>
            </li>
          ))}
        </ol>
      )}
      {adding ? (
        <div className="episode-add">
          <h4>New episode in {seasonName(season)}</h4>
          <EpisodeForm
            seasonId={season.id}
            defaultNumber={next}
            onSaved={async () => {
              await onChanged();
              setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        </div>
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setAdding(true)}>
            Add an episode to season {season.number}
          </button>
        </div>
      )}
      <ConfirmDelete
        what="season"
        name={seasonName(season)}
        consequence={`Its ${season.episodes.length} ${season.episodes.length === 1 ? "episode goes" : "episodes go"} with it. This cannot be undone.`}
        onDelete={() => ok(api.seasons[":id"].$delete({ param: { id: season.id } }))}
        onDeleted={() => void onChanged()}
      />
    </section>
  );
}

function AddSeason({ series, onAdded }: { series: Series; onAdded: () => Promise<unknown> }) {
  const headingId = useId();
  const next = Math.max(0, ...series.seasons.map((season) => season.number)) + 1;
  const [number, setNumber] = useState(String(next));
  const [title, setTitle] = useState("");
  const [added, setAdded] = useState("");
  const add = useMutation({
    mutationFn: () =>
      ok(
        api.series[":id"].seasons.$post({
          param: { id: series.id },
          json: { number: numberOrNull(number) ?? -1, title: title.trim() ? title : null },
        }),
      ),
    onSuccess: async (season) => {
      await onAdded();
      setAdded(`Season ${season.number} added.`);
      setNumber(String(season.number + 1));
      setTitle("");
    },
  });
  const bind = binder(add);
  return (
    <section aria-labelledby={headingId} className="season-add">
      <h3 id={headingId}>Add a season</h3>
      <form
        noValidate
        className="catalog-form"
        onSubmit={(event) => {
          event.preventDefault();
          setAdded("");
          add.mutate();
        }}
      >
        <div className="catalog-form-row">
          <Field
            label="Season number"
            type="number"
            inputMode="numeric"
            min={0}
            hint="0 for specials"
            {...bind("number", number, setNumber)}
          />
          <Field label="Season title (optional)" maxLength={300} {...bind("title", title, setTitle)} />
        </div>
        <FormProblem mutation={add} fields={["number", "title"]} />
        <div className="actions">
          <button type="submit" disabled={add.isPending}>
            Add season
          </button>
        </div>
        <p role="status" className="ok">
          {added}
        </p>
      </form>
    </section>
  );
}
