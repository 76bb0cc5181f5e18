import { useId, useState } from "react";
import { Link } from "react-router";
import type { api } from "../../api/client";
import type { OkBody } from "../../api/problem";
import { runtime } from "../../lib/format";

type SeriesDetail = OkBody<Awaited<ReturnType<(typeof api.series)[":id"]["$get"]>>>;
type SeasonRow = SeriesDetail["seasons"][number];
export type EpisodeRow = SeasonRow["episodes"][number];
/** The profile's progress on an episode, from its history. */
export type EpisodeProgress = Map<string, { progress: number; completed: boolean }>;

/** "Season 2", or "Season 2: The Return" when the season has a title of its own. */
const seasonName = (s: { number: number; title: string | null }) =>
  s.title && s.title !== `Season ${s.number}` ? `Season ${s.number}: ${s.title}` : `Season ${s.number}`;

/** A season picker and the chosen season's episodes, each with its own Play. */
export function Episodes({
  seasons,
  progress,
  initialSeason,
}: {
  seasons: SeasonRow[];
  progress: EpisodeProgress;
  initialSeason?: number;
}) {
  const pickerId = useId();
  const [chosen, setChosen] = useState(initialSeason ?? seasons[0]?.number);
  const season = seasons.find((s) => s.number === chosen) ?? seasons[0];
  if (!season) return <p className="hint">No episodes yet.</p>;
  return (
    <section aria-labelledby="episodes-heading" className="episodes">
      <div className="episodes-head">
        <h2 id="episodes-heading">Episodes</h2>
        {seasons.length > 1 && (
          <div className="field">
            <label htmlFor={pickerId}>Season</label>
            <select id={pickerId} value={season.number} onChange={(e) => setChosen(Number(e.target.value))}>
              {seasons.map((s) => (
                <option key={s.id} value={s.number}>
                  {seasonName(s)}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {seasons.length === 1 && <p className="hint">{seasonName(season)}</p>}
      {season.episodes.length === 0 ? (
        <p className="hint">No episodes in this season yet.</p>
      ) : (
        <ol className="episode-list">
          {season.episodes.map((episode) => {
            const seen = progress.get(episode.id);
            return (
              <li key={episode.id}>
                <span className="episode-number" aria-hidden="true">
                  {episode.number}
                </span>
                <div className="episode-text">
                  <h3>
                    {episode.number}. {episode.title}
                  </h3>
                  <p className="hint">
                    {[
                      episode.runtimeMinutes ? runtime(episode.runtimeMinutes) : null,
                      seen?.completed ? "Watched" : seen ? `${Math.round(seen.progress * 100)}% watched` : null,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </p>
                  {episode.synopsis && <p>{episode.synopsis}</p>}
                </div>
                <Link
                  className="button"
                  to={`/watch/episode/${episode.id}`}
                  aria-label={`Play season ${episode.seasonNumber} episode ${episode.number}: ${episode.title}`}
                >
                  <span aria-hidden="true">▶</span> Play
                </Link>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** Where the profile goes next: the episode it stopped in, the one after the last it finished, or the first. */
export function nextEpisode(seasons: SeasonRow[], history: { id: string; completed: boolean; positionSeconds: number }[]) {
  const all = seasons.flatMap((s) => s.episodes);
  const last = history[0];
  const at = last ? all.findIndex((e) => e.id === last.id) : -1;
  if (at === -1) return all[0] ? { episode: all[0], resumeAt: 0 } : undefined;
  if (!last.completed) return { episode: all[at], resumeAt: last.positionSeconds };
  return { episode: all[at + 1] ?? all[0], resumeAt: 0 };
}
