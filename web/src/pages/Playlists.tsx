import { useState } from "react";
import { Link } from "react-router";
import { Problem, Skeleton } from "../components/Problem";
import { LibraryNav } from "../library/LibraryNav";
import { LoadMore } from "../library/LoadMore";
import { NewPlaylist, type Playlist, PlaylistSettings, visibilityLabel } from "../library/PlaylistForm";
import { usePlaylistPages } from "../library/queries";
import "../library/library.css";

function PlaylistCard({ playlist }: { playlist: Playlist }) {
  const [editing, setEditing] = useState(false);
  return (
    <li className="playlist-card">
      <h3>
        <Link to={`/playlists/${playlist.id}`}>{playlist.name}</Link>
      </h3>
      <p className="playlist-meta">
        {visibilityLabel(playlist.visibility)} · {playlist.itemCount} {playlist.itemCount === 1 ? "item" : "items"}
      </p>
      {editing ? (
        <PlaylistSettings playlist={playlist} onDone={() => setEditing(false)} onDeleted={() => setEditing(false)} />
      ) : (
        <p>
          <button type="button" onClick={() => setEditing(true)} aria-label={`Edit ${playlist.name}`}>
            Edit
          </button>
        </p>
      )}
    </li>
  );
}

/** The account's playlists: make one, rename it, choose who sees it, delete it. */
export default function Playlists() {
  const playlists = usePlaylistPages();
  const [said, setSaid] = useState("");
  const items = playlists.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <main id="main" className="page">
      <LibraryNav />
      <h1>Playlists</h1>
      <p role="status">{said}</p>
      {playlists.isPending && <Skeleton rows={3} label="Loading playlists" />}
      {playlists.isError && <Problem error={playlists.error} onRetry={() => playlists.refetch()} />}
      {playlists.isSuccess && items.length === 0 && (
        <p className="library-empty">No playlists yet. Make one below, then add titles from their pages.</p>
      )}
      {items.length > 0 && (
        <section aria-labelledby="your-playlists">
          <h2 id="your-playlists">Your playlists</h2>
          <ul className="playlist-cards">
            {items.map((playlist) => (
              <PlaylistCard key={playlist.id} playlist={playlist} />
            ))}
          </ul>
        </section>
      )}
      <LoadMore hasMore={playlists.hasNextPage} loading={playlists.isFetchingNextPage} onMore={() => playlists.fetchNextPage()} />
      <NewPlaylist onCreated={(playlist) => setSaid(`Created the playlist ${playlist.name}.`)} />
    </main>
  );
}
