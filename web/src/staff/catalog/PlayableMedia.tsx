import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Problem, Skeleton } from "../../components/Problem";
import { MediaPlayer } from "../../media/MediaPlayer";
import { keys } from "./queries";

/**
 * A movie's or episode's playable asset: whether one is attached (the title's `playable`), a
 * preview in the full player, and one of the admin's own media items to attach (previewed here
 * before attaching) or the attached one to detach.
 */
export function PlayableMedia({
  kind,
  id,
  name,
  playable,
  onChanged,
}: {
  kind: "movie" | "episode";
  id: string;
  name: string;
  playable: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const headingId = useId();
  const pickerId = useId();
  const queryClient = useQueryClient();
  const [mediaId, setMediaId] = useState("");
  const [done, setDone] = useState("");
  const mine = useQuery({ queryKey: keys.myMedia, queryFn: () => ok(api.media.$get({ query: { limit: "100" } })) });
  const chosen = mine.data?.items.find((item) => item.id === mediaId);

  const changed = async (said: string) => {
    await onChanged();
    // The player asks for the title's stream afresh.
    await queryClient.invalidateQueries({ queryKey: ["player", "playback", kind, id] });
    setDone(said);
  };
  const attach = useMutation({
    mutationFn: () =>
      kind === "movie"
        ? ok(api.movies[":id"].media.$put({ param: { id }, json: { mediaId } }))
        : ok(api.episodes[":id"].media.$put({ param: { id }, json: { mediaId } })),
    onSuccess: async () => {
      await changed(`${chosen?.title ?? "The media item"} is now what “${name}” plays.`);
      setMediaId("");
    },
  });
  const detach = useMutation({
    mutationFn: () =>
      kind === "movie"
        ? ok(api.movies[":id"].media.$delete({ param: { id } }))
        : ok(api.episodes[":id"].media.$delete({ param: { id } })),
    onSuccess: () => changed(`“${name}” has nothing to play now.`),
  });

  return (
    <section aria-labelledby={headingId} className="staff-panel catalog-panel">
      <h2 id={headingId}>Playable media</h2>
      {playable ? (
        <div className="actions">
          <p className="playable-now">
            <span className="tag">Playable</span> A media item is attached.
          </p>
          <Link className="button" to={`/watch/${kind}/${id}`}>
            Preview “{name}” in the player
          </Link>
          <button type="button" className="danger" disabled={detach.isPending} onClick={() => detach.mutate()}>
            Detach media
          </button>
        </div>
      ) : (
        <p className="hint">Nothing to play yet: the title page says so instead of offering Play.</p>
      )}
      {detach.isError && <Problem error={detach.error} />}

      {mine.isPending && <Skeleton rows={2} label="Loading your media" />}
      {mine.isError && <Problem error={mine.error} onRetry={() => void mine.refetch()} />}
      {mine.data?.items.length === 0 && (
        <p className="hint">
          You have no media items to attach. <Link to="/media">Upload one under My media</Link>, then come back.
        </p>
      )}
      {mine.data && mine.data.items.length > 0 && (
        <form
          className="catalog-form"
          onSubmit={(event) => {
            event.preventDefault();
            attach.mutate();
          }}
        >
          <div className="field">
            <label htmlFor={pickerId}>{playable ? "Replace with one of your media items" : "One of your media items"}</label>
            <select
              id={pickerId}
              value={mediaId}
              onChange={(event) => {
                setMediaId(event.target.value);
                attach.reset();
                setDone("");
              }}
            >
              <option value="">Choose a media item…</option>
              {mine.data.items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.title} ({item.kind}, {item.filename})
                </option>
              ))}
            </select>
          </div>
          {chosen && (
            <div className="catalog-preview">
              <MediaPlayer media={chosen} />
            </div>
          )}
          {attach.isError && <Problem error={attach.error} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={!chosen || attach.isPending}>
              {attach.isPending ? "Attaching…" : `Attach to “${name}”`}
            </button>
          </div>
        </form>
      )}
      <p role="status" className="ok">
        {done}
      </p>
    </section>
  );
}
