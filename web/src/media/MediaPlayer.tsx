import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { Problem, Skeleton } from "../components/Problem";
import { fetchPlayback, keys, type Media, type Playback, posterOf } from "./queries";

const HLS_TYPE = "application/vnd.apple.mpegurl";

type Attached = { destroy(): void };

/**
 * Plays `url` in `element`: HLS through the browser where it can (Safari), else through hls.js,
 * imported only now so it stays out of every other page's JavaScript; anything else directly.
 */
async function attach(element: HTMLMediaElement, playback: Playback, onFatal: () => void): Promise<Attached> {
  if (playback.type !== HLS_TYPE || element.canPlayType(HLS_TYPE)) {
    element.src = playback.url;
    return { destroy: () => element.removeAttribute("src") };
  }
  const { default: Hls } = await import("hls.js");
  if (!Hls.isSupported()) {
    onFatal();
    return { destroy() {} };
  }
  const hls = new Hls();
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (data.fatal) onFatal();
  });
  hls.loadSource(playback.url);
  hls.attachMedia(element);
  return { destroy: () => hls.destroy() };
}

const describe = (playback: Playback) =>
  playback.type === HLS_TYPE ? "HLS (adaptive)" : (playback.type.split("/")[1]?.toUpperCase() ?? playback.type);

/** The item (or one conversion of it) in a <video> or <audio>, with its thumbnail as the poster. */
export function MediaPlayer({ media, jobId }: { media: Media; jobId?: string }) {
  const playback = useQuery({
    queryKey: keys.playback(media.id, jobId),
    queryFn: () => fetchPlayback(media.id, jobId),
    // Signed URLs last an hour: a fresh one well before that.
    staleTime: 30 * 60_000,
  });
  const element = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const data = playback.data;
  const refetch = playback.refetch;
  const onFatal = useCallback(() => {
    // An expired link: ask for a fresh one rather than showing a dead player.
    if (data && Date.parse(data.expiresAt) <= Date.now()) void refetch();
    else setFailure("This file cannot be played in this browser.");
  }, [data, refetch]);

  useEffect(() => {
    const target = element.current;
    if (!data || !target) return;
    setFailure(null);
    let attached: Attached | undefined;
    let gone = false;
    void attach(target, data, onFatal).then((done) => {
      if (gone) done.destroy();
      else attached = done;
    });
    return () => {
      gone = true;
      attached?.destroy();
    };
  }, [data, onFatal]);

  if (playback.isPending) return <Skeleton rows={6} label="Loading the player" />;
  if (playback.isError) return <Problem error={playback.error} onRetry={() => void playback.refetch()} />;
  const audio = playback.data.type.startsWith("audio/");
  const poster = posterOf(playback.data);
  return (
    <figure className="player">
      {audio ? (
        // biome-ignore lint/a11y/useMediaCaption: people's own uploads come without captions
        <audio ref={element} controls preload="metadata" aria-label={`Play ${media.title}`} onError={onFatal} />
      ) : (
        // biome-ignore lint/a11y/useMediaCaption: people's own uploads come without captions
        <video
          ref={element}
          controls
          playsInline
          preload="metadata"
          poster={poster}
          aria-label={`Play ${media.title}`}
          onError={onFatal}
        />
      )}
      <figcaption className="hint">
        Playing {describe(playback.data)}
        {failure && (
          <span className="field-error" role="alert">
            {" "}
            {failure}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
