import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { ApiError } from "../api/problem";
import { useProfileId } from "../api/session";
import { Problem } from "../components/Problem";
import { isPaywall, isTooManyStreams, Paywall, TooManyStreams } from "./Paywall";
import { Player } from "./Player";
import { usePlayback, useStartPosition } from "./playback";
import { TopBar } from "./TopBar";
import { fallbackBack, isWatchKind, targetOf, useWatchTitle, type WatchKind } from "./title";
import "./player.css";

const EXPIRED_AGAIN = "The link to this video expired, and a fresh one did not work either.";

/** Everything outside the player leaves the keyboard and the screen reader while it covers the window. */
function useInertOutside(root: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    const marked: HTMLElement[] = [];
    for (let node = root.current; node?.parentElement && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement.children) {
        if (sibling !== node && sibling instanceof HTMLElement && !sibling.inert) {
          sibling.inert = true;
          marked.push(sibling);
        }
      }
    }
    return () => {
      for (const element of marked) element.inert = false;
    };
  }, [root]);
}

/** A message in place of the picture; its first control (Try again, else Back) takes the focus. */
function Message({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const control =
      box.current?.querySelector("button") ?? box.current?.parentElement?.querySelector<HTMLElement>(".player-back");
    control?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="player-message" ref={box}>
      <Problem error={error} onRetry={onRetry} />
    </div>
  );
}

/** The route /watch/:kind/:id — kind is movie, episode or media. */
export default function Watch() {
  const { kind, id } = useParams();
  const root = useRef<HTMLElement>(null);
  useInertOutside(root);
  return (
    <main id="main" ref={root} className="player">
      {isWatchKind(kind) && id ? (
        <Watching key={`${kind}/${id}`} kind={kind} id={id} />
      ) : (
        <>
          <TopBar title="Nothing to play" backTo="/" />
          <Message error={new Error("There is nothing to play at this address.")} />
        </>
      )}
    </main>
  );
}

function Watching({ kind, id }: { kind: WatchKind; id: string }) {
  const profileId = useProfileId() ?? "";
  const [params] = useSearchParams();
  const title = useWatchTitle(kind, id);
  const playback = usePlayback(kind, id);
  const start = useStartPosition(kind, id, profileId, params.get("t"));
  // After an expiry or a failure the stream starts again, on a fresh URL, from where it stopped.
  const [restarted, setRestarted] = useState<{ url: string; type: string; startAt: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const stoppedAt = useRef<number | null>(null);
  const expiriesSinceMedia = useRef(0);
  const refetch = playback.refetch;

  const first = useMemo(
    () => (playback.data && start.ready ? { url: playback.data.url, type: playback.data.type, startAt: start.position } : null),
    [playback.data, start.ready, start.position],
  );
  const stream = restarted ?? first;
  const restart = useCallback(
    async (position: number) => {
      stoppedAt.current = position;
      const fresh = await refetch();
      // A new object even when the URL is the same, so the stream loads again.
      if (fresh.status === "success") setRestarted({ url: fresh.data.url, type: fresh.data.type, startAt: position });
    },
    [refetch],
  );
  const onExpired = useCallback(
    (position: number) => {
      if (expiriesSinceMedia.current >= 1) {
        stoppedAt.current = position;
        setFailure(EXPIRED_AGAIN);
        return;
      }
      expiriesSinceMedia.current += 1;
      void restart(position);
    },
    [restart],
  );
  const onHealthy = useCallback(() => {
    expiriesSinceMedia.current = 0;
  }, []);
  const onFailed = useCallback((message: string, position: number) => {
    stoppedAt.current = position;
    setFailure(message);
  }, []);
  const tryAgain = () => {
    setFailure(null);
    expiriesSinceMedia.current = 0;
    void restart(stoppedAt.current ?? start.position);
  };

  const top = <TopBar title={title.data?.title ?? "Now playing"} backTo={title.data?.backTo ?? fallbackBack(kind, id)} />;
  if (playback.error && !playback.isFetching) {
    if (isPaywall(playback.error)) {
      return (
        <>
          {top}
          <Paywall error={playback.error} />
        </>
      );
    }
    if (isTooManyStreams(playback.error)) {
      return (
        <>
          {top}
          <TooManyStreams error={playback.error} onRetry={tryAgain} />
        </>
      );
    }
    // A title without media answers 404 with the reason; asking again will not change that.
    const lasting = playback.error instanceof ApiError && playback.error.status === 404;
    return (
      <>
        {top}
        <Message error={playback.error} onRetry={lasting ? undefined : tryAgain} />
      </>
    );
  }
  if (!stream) {
    return (
      <>
        {top}
        <div className="player-spinner" role="status" aria-label="Loading the video">
          <span aria-hidden="true" />
        </div>
      </>
    );
  }
  return (
    <>
      <Player
        source={stream}
        startAt={stream.startAt}
        title={title.data}
        target={targetOf(kind, id)}
        profileId={profileId}
        failed={failure !== null}
        top={top}
        onExpired={onExpired}
        onHealthy={onHealthy}
        onFailed={onFailed}
        slot={{ playbackId: playback.data?.playbackId ?? null, heartbeatSeconds: playback.data?.heartbeatSeconds ?? null }}
        onSlotLapsed={restart}
      />
      {failure && <Message error={new Error(failure)} onRetry={tryAgain} />}
    </>
  );
}
