import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { userSessions } from "../lib/sessions";
import type { Entitlement } from "./entitlements";

/** How often a player reports that it is still playing. */
export const HEARTBEAT_SECONDS = 30;
// Three missed heartbeats free the slot: one lost request or a slow network does not stop playback.
export const PLAYBACK_LEASE_MS = 3 * HEARTBEAT_SECONDS * 1000;

export interface PlaybackSlot {
  /** Null for a title that takes no stream slot (free titles, staff). */
  playbackId: string | null;
  heartbeatSeconds: number;
}

/**
 * Takes one of the plan's stream slots in the user's session object for `title`, or renews
 * `reuseId` when it is still theirs and live (a player refreshing its URL keeps its slot).
 * A 409 `too_many_streams` when the plan's screens are all in use.
 */
export async function startPlayback(
  env: Env,
  userId: string,
  entitlement: Entitlement,
  title: string,
  reuseId: string | undefined,
  now = Date.now(),
): Promise<PlaybackSlot> {
  const claim = await userSessions(env, userId).claimSlot({
    slotId: reuseId ?? newId(now),
    label: title,
    max: entitlement.maxStreams,
    leaseMs: PLAYBACK_LEASE_MS,
    now,
  });
  if (!claim.ok) {
    const screens = entitlement.maxStreams === 1 ? "1 screen" : `${entitlement.maxStreams} screens`;
    throw new ApiError(
      "conflict",
      `Your plan plays ${screens} at once, and that many are playing now. Stop one, or wait a minute, and try again.`,
      {
        reason: "too_many_streams",
        maxStreams: entitlement.maxStreams,
        playing: claim.live.map((slot) => slot.label),
      },
    );
  }
  return { playbackId: claim.slot.id, heartbeatSeconds: HEARTBEAT_SECONDS };
}

/** A playback that uses no slot still tells the player how often to report (it has nothing to renew). */
export const slotFree: PlaybackSlot = { playbackId: null, heartbeatSeconds: HEARTBEAT_SECONDS };

export async function heartbeat(env: Env, userId: string, playbackId: string, now = Date.now()) {
  const renewed = await userSessions(env, userId).renewSlot(playbackId, now);
  if (!renewed) throw new ApiError("not_found", "That playback has ended; ask for a new one");
}

export async function stopPlayback(env: Env, userId: string, playbackId: string, now = Date.now()) {
  const released = await userSessions(env, userId).releaseSlot(playbackId, now);
  if (!released) throw new ApiError("not_found", "No such playback");
}

export async function streamsInUse(env: Env, userId: string, now = Date.now()) {
  return (await userSessions(env, userId).liveSlots(now)).length;
}
