import { Link } from "react-router";
import { clock } from "../../lib/format";

/**
 * "Play" or "Resume from 12:34" for a movie or episode, or why not when the title page says
 * nothing is attached to play (instead of a button that leads nowhere).
 */
export function PlayButton({
  kind,
  id,
  resumeAt,
  label,
  playable,
}: {
  kind: "movie" | "episode";
  id: string;
  /** Seconds into the title where the profile stopped; omitted or 0 plays from the start. */
  resumeAt?: number;
  /** What is played, for an episode: "S1 · E2". */
  label?: string;
  /** The title page's `playable`: whether a playable asset is attached. */
  playable: boolean;
}) {
  if (!playable) {
    return (
      <p className="not-playable" role="note">
        Not available to play: this {kind} has nothing to play yet.
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
