import { Link } from "react-router";

interface Props {
  next: { id: string; label: string };
  time: number;
  duration: number;
  ended: boolean;
}

/** How close to the end "Next episode" is offered: the last tenth, between 5 and 30 seconds. */
const leadOf = (duration: number) => Math.max(5, Math.min(30, duration * 0.1));

/** "Next episode" in the corner near the end; at the end, offered in the middle, ready for Enter. */
export function NextEpisode({ next, time, duration, ended }: Props) {
  if (ended) {
    return (
      <section className="player-up-next" aria-label="Up next">
        <p>Up next</p>
        <Link className="button primary" to={`/watch/episode/${next.id}`} replace autoFocus>
          Play next episode: {next.label}
        </Link>
      </section>
    );
  }
  if (duration === 0 || duration - time > leadOf(duration)) return null;
  return (
    <Link className="button primary player-next" to={`/watch/episode/${next.id}`} replace>
      Next episode: {next.label}
    </Link>
  );
}
