import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { useProfileId } from "../../api/session";
import { Problem } from "../../components/Problem";
import { keys, useFavorites } from "./queries";

type Target = { kind: "movie"; id: string } | { kind: "series"; id: string };
const titleKey = (t: Target) => (t.kind === "movie" ? keys.movie(t.id) : keys.series(t.id));

/** A toggle button for liking the title; the count comes back from the API with each change. */
export function LikeButton({ target, liked, likeCount }: { target: Target; liked: boolean; likeCount: number }) {
  const queryClient = useQueryClient();
  const like = useMutation({
    mutationFn: (next: boolean) => {
      const param = { id: target.id };
      const route = target.kind === "movie" ? api.movies[":id"].like : api.series[":id"].like;
      return ok(next ? route.$post({ param }) : route.$delete({ param }));
    },
    onSuccess: (state) =>
      queryClient.setQueryData(titleKey(target), (old: object | undefined) =>
        old ? { ...old, likedByMe: state.liked, likeCount: state.likeCount } : old,
      ),
  });
  return (
    <>
      <span className="like">
        <button type="button" aria-pressed={liked} disabled={like.isPending} onClick={() => like.mutate(!liked)}>
          <span aria-hidden="true">{liked ? "♥" : "♡"}</span> Like
        </button>
        <span className="hint">
          {likeCount} {likeCount === 1 ? "like" : "likes"}
        </span>
      </span>
      {like.isError && <Problem error={like.error} />}
    </>
  );
}

/** A toggle button for the profile's favourites (what "My list" shows). */
export function FavoriteButton({ target }: { target: Target }) {
  const profileId = useProfileId() ?? undefined;
  const queryClient = useQueryClient();
  const favorites = useFavorites();
  const isFavorite = Boolean(favorites.data?.items.some((f) => f.item.type === target.kind && f.item.id === target.id));
  const ref = target.kind === "movie" ? { movieId: target.id } : { seriesId: target.id };
  const toggle = useMutation({
    mutationFn: (add: boolean) =>
      add
        ? ok(api.me.favorites.$post({ json: { ...ref, profileId } }))
        : ok(api.me.favorites.$delete({ query: { ...ref, profileId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["favorites"] }),
  });
  return (
    <>
      <button
        type="button"
        aria-pressed={isFavorite}
        disabled={favorites.isPending || toggle.isPending}
        onClick={() => toggle.mutate(!isFavorite)}
      >
        <span aria-hidden="true">{isFavorite ? "✓" : "+"}</span> Favourite
      </button>
      {(toggle.isError || favorites.isError) && <Problem error={toggle.error ?? favorites.error} />}
    </>
  );
}

/** Picks one of the person's playlists and adds the title to it. */
export function AddToPlaylist({ target, title }: { target: Target; title: string }) {
  const id = useId();
  const queryClient = useQueryClient();
  const playlists = useQuery({ queryKey: keys.playlists, queryFn: () => ok(api.playlists.$get({ query: { limit: "100" } })) });
  const [chosen, setChosen] = useState("");
  const add = useMutation({
    mutationFn: (playlistId: string) =>
      ok(
        api.playlists[":id"].items.$post({
          param: { id: playlistId },
          json: target.kind === "movie" ? { movieId: target.id } : { seriesId: target.id },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.playlists }),
  });
  if (playlists.isError) return <Problem error={playlists.error} onRetry={() => playlists.refetch()} />;
  const list = playlists.data?.items ?? [];
  if (playlists.isSuccess && list.length === 0) {
    return (
      <p className="hint add-to-playlist">
        <Link to="/playlists">Create a playlist</Link> to add {title} to it.
      </p>
    );
  }
  const selected = chosen || list[0]?.id || "";
  return (
    <form
      className="add-to-playlist"
      onSubmit={(event) => {
        event.preventDefault();
        if (selected) add.mutate(selected);
      }}
    >
      <label htmlFor={id}>Playlist</label>
      <select id={id} value={selected} disabled={!playlists.isSuccess} onChange={(e) => setChosen(e.target.value)}>
        {list.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!selected || add.isPending}>
        Add to playlist
      </button>
      <p role="status" className="hint">
        {add.isSuccess ? `Added to ${list.find((p) => p.id === add.variables)?.name ?? "the playlist"}.` : ""}
      </p>
      {add.isError && <Problem error={add.error} />}
    </form>
  );
}
