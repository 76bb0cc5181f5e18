import { useQueryClient } from "@tanstack/react-query";
import { type RefObject, useEffect } from "react";
import { api } from "../api/client";

/** What a view report is about: exactly one of these. */
export type WatchTarget = { movieId: string } | { episodeId: string } | { mediaId: string };

const EVERY_MS = 5_000;
const tenths = (seconds: number) => Math.floor(seconds * 10) / 10;

/**
 * Keeps the profile's resume position: POST /views every few seconds while playing, on pause and
 * at the end, when the player closes and on `pagehide` (then with `keepalive`, so the report
 * outlives the page). Reports are best effort: a lost one is replaced by the next.
 */
export function useProgressReports(video: RefObject<HTMLVideoElement | null>, target: WatchTarget, profileId: string) {
  const queryClient = useQueryClient();
  const targetKey = JSON.stringify(target);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const about = JSON.parse(targetKey) as WatchTarget;
    // Kept from the events rather than read at the end: by then the stream may be detached (currentTime 0).
    let position = 0;
    let duration = 0;
    let sent = -1;

    const report = (keepalive = false) => {
      if (!(duration >= 1) || Math.abs(position - sent) < 0.5) return null;
      sent = position;
      const json = {
        ...about,
        profileId,
        durationSeconds: tenths(duration),
        positionSeconds: Math.min(tenths(position), tenths(duration)),
      };
      return api.views.$post({ json }, keepalive ? { init: { keepalive: true } } : undefined).catch(() => null);
    };
    const track = () => {
      if (element.readyState < HTMLMediaElement.HAVE_METADATA || element.seeking) return;
      position = element.currentTime;
      if (Number.isFinite(element.duration)) duration = element.duration;
    };
    const onPause = () => {
      track();
      report();
    };
    const onPageHide = () => report(true);
    const timer = setInterval(() => {
      if (!element.paused) report();
    }, EVERY_MS);

    element.addEventListener("timeupdate", track);
    element.addEventListener("pause", onPause);
    element.addEventListener("ended", onPause);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      clearInterval(timer);
      element.removeEventListener("timeupdate", track);
      element.removeEventListener("pause", onPause);
      element.removeEventListener("ended", onPause);
      window.removeEventListener("pagehide", onPageHide);
      const last = report();
      // Watching changes what other pages show (continue watching, history, "Resume from",
      // recommendations): once the last position is stored, every cached answer is stale.
      if (last) last.then(() => queryClient.invalidateQueries());
      else void queryClient.invalidateQueries();
    };
  }, [video, targetKey, profileId, queryClient]);
}
