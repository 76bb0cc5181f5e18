import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { useTitleView } from "../analytics/views";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { AccessBadge } from "../components/AccessBadge";
import { Problem, Skeleton } from "../components/Problem";
import { episodeLabel } from "../lib/items";
import { type EpisodeProgress, Episodes, nextEpisode } from "./browse/Episodes";
import { PlayButton } from "./browse/Play";
import { keys, useHistory } from "./browse/queries";
import { AddToPlaylist, FavoriteButton, LikeButton } from "./browse/TitleActions";
import { Cast, TitleHeader } from "./browse/TitleHeader";

export default function SeriesTitle() {
  const id = useParams().id ?? "";
  useTitleView("series", id);
  const series = useQuery({ queryKey: keys.series(id), queryFn: () => ok(api.series[":id"].$get({ param: { id } })) });
  const history = useHistory();

  if (series.isPending) {
    return (
      <main id="main" className="page">
        <Skeleton rows={6} label="Loading the series" />
      </main>
    );
  }
  if (series.isError) {
    return (
      <main id="main" className="page">
        <h1>Series</h1>
        <Problem error={series.error} onRetry={() => series.refetch()} />
      </main>
    );
  }
  const seen = (history.data?.items ?? []).filter((e) => e.item.type === "episode" && e.item.seriesId === id);
  const progress: EpisodeProgress = new Map(seen.map((e) => [e.item.id, { progress: e.progress, completed: e.completed }]));
  const next = nextEpisode(
    series.data.seasons,
    seen.map((e) => ({ id: e.item.id, completed: e.completed, positionSeconds: e.positionSeconds })),
  );
  const target = { kind: "series" as const, id };
  const seasons = series.data.seasonCount;
  return (
    <main id="main" className="page title-page">
      <TitleHeader title={series.data} facts={[`${seasons} ${seasons === 1 ? "season" : "seasons"}`]}>
        <AccessBadge title={series.data} />
        <div className="actions">
          {history.isPending ? (
            <Skeleton label="Loading where you stopped" />
          ) : next ? (
            <PlayButton
              kind="episode"
              id={next.episode.id}
              resumeAt={next.resumeAt}
              playable={next.episode.playable ?? false}
              label={episodeLabel({ seasonNumber: next.episode.seasonNumber, episodeNumber: next.episode.number })}
            />
          ) : (
            <p className="not-playable">No episodes to play yet.</p>
          )}
          <LikeButton target={target} liked={series.data.likedByMe ?? false} likeCount={series.data.likeCount ?? 0} />
          <FavoriteButton target={target} />
        </div>
        <AddToPlaylist target={target} title={series.data.title} />
      </TitleHeader>
      {!history.isPending && (
        <Episodes seasons={series.data.seasons} progress={progress} initialSeason={next?.episode.seasonNumber} />
      )}
      <Cast cast={series.data.cast} />
    </main>
  );
}
