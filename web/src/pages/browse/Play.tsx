import { Link } from "react-router";
import { Skeleton } from "../../components/Problem";
import { clock } from "../../lib/format";
import { usePlayability } from "./queries";

/**
 * "Play" or "Resume from 12:34" for a movie or episode, or the API's reason when there is
 * nothing to play (instead of a button that leads nowhere).
 */
export function PlayButton({
  kind,
  id,
  resumeAt,
  label,
}: {
  kind: "movie" | "episode";
  id: string;
  /** Seconds into the title where the profile stopped; omitted or 0 plays from the start. */
  resumeAt?: number;
  /** What is played, for an episode: "S1 · E2". */
  label?: string;
}) {
  const playability = usePlayability(kind, id);
  if (playability.isPending) return <Skeleton label="Checking whether this can be played" />;
  if (playability.data && !playability.data.playable) {
    return (
      <p className="not-playable" role="note">
        Not available to play: {playability.data.reason}
      </p>
    );
  }
  const what = label ? ` ${label}` : "";
  const action = resumeAt && resumeAt > 0 ? `Resume${what} from ${clock(resumeAt)}` : `Play${what}`;
  return (
    <Link className="button primary play-button" to={`/watch/${kind}/${id}`}>
      <span aria-hidden="true">▶</span> {action}
    </Link>
  );
}
