import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { userSessions } from "../lib/sessions";
import { gatedMovie, newPlan, playMovie, subscribe } from "./entitlements.test-helpers";
import { PLAYBACK_LEASE_MS } from "./playbacks";

async function subscriber(maxStreams: number) {
  const viewer = await registerUser();
  await subscribe(viewer.id, (await newPlan({ maxStreams })).id);
  return viewer;
}

const playbacks = (token: string) => client(token).playbacks[":id"];

describe("stream slots", { timeout: 30_000 }, () => {
  it("plays maxStreams titles at once, refuses one more with 409 too_many_streams, and a DELETE frees a slot", async () => {
    const [first, second, third] = await Promise.all([gatedMovie(), gatedMovie(), gatedMovie()]);
    const viewer = await subscriber(2);
    const a = await expectJson(await playMovie(viewer.accessToken, first.id), 200);
    await expectJson(await playMovie(viewer.accessToken, second.id), 200);

    const refused = (await expectProblemOf(await playMovie(viewer.accessToken, third.id), 409)) as Record<string, unknown>;
    expect(refused).toMatchObject({ reason: "too_many_streams", maxStreams: 2 });
    expect(refused.playing).toEqual([first.title, second.title]);
    expect(refused.detail).toMatch(/plays 2 screens at once/);

    const param = { id: a.playbackId as string };
    expect((await playbacks(viewer.accessToken).$delete({ param })).status).toBe(204);
    await expectProblemOf(await playbacks(viewer.accessToken).$delete({ param }), 404);
    await expectProblemOf(await playbacks(viewer.accessToken).heartbeat.$post({ param }), 404);
    await expectJson(await playMovie(viewer.accessToken, third.id), 200);
    expect((await expectJson(await client(viewer.accessToken).me.entitlements.$get(), 200)).streamsInUse).toBe(2);
  });

  it("keeps a slot when the player refreshes its URL with its playbackId", async () => {
    const movie = await gatedMovie();
    const viewer = await subscriber(1);
    const first = await expectJson(await playMovie(viewer.accessToken, movie.id), 200);
    const again = await expectJson(await playMovie(viewer.accessToken, movie.id, first.playbackId as string), 200);
    expect(again.playbackId).toBe(first.playbackId);
    await expectProblemOf(await playMovie(viewer.accessToken, movie.id), 409);
  });

  it("renews a slot on each heartbeat and frees one whose heartbeats stopped", async () => {
    const movie = await gatedMovie();
    const viewer = await subscriber(1);
    const playback = await expectJson(await playMovie(viewer.accessToken, movie.id), 200);
    const id = playback.playbackId as string;
    expect((await playbacks(viewer.accessToken).heartbeat.$post({ param: { id } })).status).toBe(204);

    // The session object takes the time from its caller, so the test moves the clock there.
    const slots = userSessions(env, viewer.id);
    const start = Date.now();
    expect(await slots.renewSlot(id, start + PLAYBACK_LEASE_MS - 1000)).toBe(true);
    expect(await slots.liveSlots(start + 2 * PLAYBACK_LEASE_MS - 2000)).toHaveLength(1);
    expect(await slots.renewSlot(id, start + 2 * PLAYBACK_LEASE_MS + 1000)).toBe(false);
    // Lapsed: the account's one slot is free for another device, and the old player is told so.
    const claim = {
      slotId: "other-device",
      label: "x",
      max: 1,
      leaseMs: PLAYBACK_LEASE_MS,
      now: start + 2 * PLAYBACK_LEASE_MS + 1000,
    };
    expect((await slots.claimSlot(claim)).ok).toBe(true);
    expect(await slots.releaseSlot("other-device", claim.now)).toBe(true);
    await expectProblemOf(await playbacks(viewer.accessToken).heartbeat.$post({ param: { id } }), 404);
    await expectJson(await playMovie(viewer.accessToken, movie.id), 200);
  });

  it("answers 404 for someone else's playback, 401 without a token", async () => {
    const movie = await gatedMovie();
    const owner = await subscriber(1);
    const other = await subscriber(1);
    const { playbackId } = await expectJson(await playMovie(owner.accessToken, movie.id), 200);
    const param = { id: playbackId as string };
    await expectProblemOf(await playbacks(other.accessToken).heartbeat.$post({ param }), 404);
    await expectProblemOf(await playbacks(other.accessToken).$delete({ param }), 404);
    await expectProblemOf(await client().playbacks[":id"].heartbeat.$post({ param }), 401);
    await expectProblemOf(await client().playbacks[":id"].$delete({ param }), 401);
    // The owner's slot is untouched.
    expect((await playbacks(owner.accessToken).heartbeat.$post({ param })).status).toBe(204);
  });
});
