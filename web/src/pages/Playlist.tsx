import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { useSession } from "../api/session";
import { Problem, Skeleton } from "../components/Problem";
import { PlaylistSettings, visibilityLabel } from "../library/PlaylistForm";
import { PlaylistItems } from "../library/PlaylistItems";
import { usePlaylistItems } from "../library/playlist-items";
import { libraryKeys } from "../library/queries";
import "../library/library.css";

/** One playlist: its items in order; its owner reorders, removes, renames and deletes. */
export default function Playlist() {
  const id = useParams().id ?? "";
  const navigate = useNavigate();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const playlist = useQuery({
    queryKey: libraryKeys.playlist(id),
    queryFn: () => ok(api.playlists[":id"].$get({ param: { id } })),
  });
  const items = usePlaylistItems(id);
  const mine = playlist.data?.owner.id === session?.user.id;
  return (
    <main id="main" className="page">
      <p>
        <Link to="/playlists">← All playlists</Link>
      </p>
      {playlist.isPending && <Skeleton rows={2} label="Loading the playlist" />}
      {playlist.isError && <Problem error={playlist.error} onRetry={() => playlist.refetch()} />}
      {playlist.data && (
        <>
          <h1>{playlist.data.name}</h1>
          <p className="playlist-meta">
            {visibilityLabel(playlist.data.visibility)} · {playlist.data.itemCount}{" "}
            {playlist.data.itemCount === 1 ? "item" : "items"}
            {!mine && ` · by ${playlist.data.owner.name}`}
          </p>
          {playlist.data.description && <p>{playlist.data.description}</p>}
          {mine &&
            (editing ? (
              <PlaylistSettings
                playlist={playlist.data}
                onDone={() => setEditing(false)}
                onDeleted={() => navigate("/playlists", { replace: true })}
              />
            ) : (
              <p>
                <button type="button" onClick={() => setEditing(true)}>
                  Edit playlist
                </button>
              </p>
            ))}
          <h2>In this playlist</h2>
          {items.isPending && <Skeleton rows={3} label="Loading the items" />}
          {items.isError && <Problem error={items.error} onRetry={() => items.refetch()} />}
          {items.data?.length === 0 && (
            <p className="library-empty">
              Nothing in it yet. Add titles with “Add to playlist” on their pages; <Link to="/search">search</Link> for one.
            </p>
          )}
          {items.data && items.data.length > 0 && <PlaylistItems playlistId={id} items={items.data} editable={mine} />}
        </>
      )}
    </main>
  );
}
