import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { useTitleView } from "../analytics/views";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { MovieShowtimes } from "../box-office/MovieShowtimes";
import { AccessBadge } from "../components/AccessBadge";
import { Problem, Skeleton } from "../components/Problem";
import { PlayButton } from "./browse/Play";
import { keys, useHistory } from "./browse/queries";
import { Reviews } from "./browse/Reviews";
import { AddToPlaylist, FavoriteButton, LikeButton } from "./browse/TitleActions";
import { Cast, TitleHeader } from "./browse/TitleHeader";

export default function MovieTitle() {
  const id = useParams().id ?? "";
  useTitleView("movie", id);
  const movie = useQuery({ queryKey: keys.movie(id), queryFn: () => ok(api.movies[":id"].$get({ param: { id } })) });
  const history = useHistory();
  const entry = history.data?.items.find((e) => e.item.type === "movie" && e.item.id === id);
  const resumeAt = entry && !entry.completed ? entry.positionSeconds : undefined;

  if (movie.isPending) {
    return (
      <main id="main" className="page">
        <Skeleton rows={6} label="Loading the movie" />
      </main>
    );
  }
  if (movie.isError) {
    return (
      <main id="main" className="page">
        <h1>Movie</h1>
        <Problem error={movie.error} onRetry={() => movie.refetch()} />
      </main>
    );
  }
  const target = { kind: "movie" as const, id };
  return (
    <main id="main" className="page title-page">
      <TitleHeader title={movie.data}>
        <AccessBadge title={movie.data} />
        <div className="actions">
          {history.isPending ? (
            <Skeleton label="Loading where you stopped" />
          ) : (
            <PlayButton kind="movie" id={id} resumeAt={resumeAt} playable={movie.data.playable ?? false} />
          )}
          <LikeButton target={target} liked={movie.data.likedByMe ?? false} likeCount={movie.data.likeCount ?? 0} />
          <FavoriteButton target={target} />
        </div>
        <AddToPlaylist target={target} title={movie.data.title} />
      </TitleHeader>
      <MovieShowtimes movieId={id} />
      <Cast cast={movie.data.cast} />
      <Reviews movieId={id} />
    </main>
  );
}
