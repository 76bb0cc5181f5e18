import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Problem, Skeleton } from "../../components/Problem";
import { EpisodeForm } from "./EpisodeForm";
import { PlayableMedia } from "./PlayableMedia";
import { BackTo, ConfirmDelete } from "./parts";
import { catalogChanged, keys } from "./queries";

/** `/staff/catalog/episodes/:id`: an episode's details, what it plays, delete. */
export function EpisodePage() {
  const id = useParams().id ?? "";
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const detailsId = useId();
  const episode = useQuery({ queryKey: keys.episode(id), queryFn: () => ok(api.episodes[":id"].$get({ param: { id } })) });
  const seriesId = episode.data?.seriesId ?? "";
  // Whether the episode plays is on its series' detail.
  const series = useQuery({
    queryKey: keys.series(seriesId),
    enabled: Boolean(seriesId),
    queryFn: () => ok(api.series[":id"].$get({ param: { id: seriesId } })),
  });

  if (episode.isPending) return <Skeleton rows={6} label="Loading the episode" />;
  if (episode.isError) {
    return (
      <>
        <BackTo to="/staff/catalog/series" label="All series" />
        <h1>Episode</h1>
        <Problem error={episode.error} onRetry={() => void episode.refetch()} />
      </>
    );
  }
  const data = episode.data;
  const seriesPage = `/staff/catalog/series/${data.seriesId}`;
  const playable =
    series.data?.seasons.flatMap((season) => season.episodes).find((candidate) => candidate.id === id)?.playable ?? false;
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.episode(id) }),
      queryClient.invalidateQueries({ queryKey: keys.series(data.seriesId) }),
    ]);
    await catalogChanged(queryClient);
  };
  return (
    <>
      <BackTo to={seriesPage} label={series.data ? series.data.title : "The series"} />
      <h1>{data.title}</h1>
      <p className="hint">
        Season {data.seasonNumber}, episode {data.number}
        {series.data && (
          <>
            {" "}
            of <Link to={seriesPage}>{series.data.title}</Link>
          </>
        )}
      </p>
      <section aria-labelledby={detailsId} className="staff-panel catalog-panel">
        <h2 id={detailsId}>Details</h2>
        <EpisodeForm key={id} episode={data} onSaved={refresh} />
      </section>
      {series.isError && <Problem error={series.error} onRetry={() => void series.refetch()} />}
      <PlayableMedia kind="episode" id={id} name={data.title} playable={playable} onChanged={refresh} />
      <ConfirmDelete
        what="episode"
        name={data.title}
        onDelete={() => ok(api.episodes[":id"].$delete({ param: { id } }))}
        onDeleted={() => {
          queryClient.removeQueries({ queryKey: keys.episode(id) });
          void refresh();
          navigate(seriesPage);
        }}
      />
    </>
  );
}
