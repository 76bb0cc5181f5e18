import { useEffect, useRef } from "react";
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
  if (ended) return <UpNext next={next} />;
  if (duration === 0 || duration - time > leadOf(duration)) return null;
  return (
    <Link className="button primary player-next" to={`/watch/episode/${next.id}`} replace>
      Next episode: {next.label}
    </Link>
  );
}

function UpNext({ next }: { next: Props["next"] }) {
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => link.current?.focus(), []);
  return (
    <section className="player-up-next" aria-label="Up next">
      <p>Up next</p>
      <Link ref={link} className="button primary" to={`/watch/episode/${next.id}`} replace>
        Play next episode: {next.label}
      </Link>
    </section>
  );
}
