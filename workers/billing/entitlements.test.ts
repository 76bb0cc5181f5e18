import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { admin, newMovie } from "../catalog/catalog.fixtures";
import { gatedEpisode, gatedMovie, newPlan, playMovie, setSubscriptionStatus, subscribe } from "./entitlements.test-helpers";

const DAY = 24 * 60 * 60 * 1000;

async function paywall(res: Response | { status: number }) {
  const problem = (await expectProblemOf(res as Response, 402)) as Record<string, unknown>;
  expect(problem.plansUrl).toBe("/plans");
  return problem;
}

describe("the paywall on subscription titles", { timeout: 30_000 }, () => {
  it("answers 402 subscription_required before subscribing and a stream after", async () => {
    const movie = await gatedMovie();
    const viewer = await registerUser();
    const me = client(viewer.accessToken).me.entitlements;

    expect(await expectJson(await me.$get(), 200)).toEqual({
      active: false,
      planId: null,
      planName: null,
      features: [],
      maxStreams: 0,
      validUntil: null,
      streamsInUse: 0,
    });
    const refused = await paywall(await playMovie(viewer.accessToken, movie.id));
    expect(refused).toMatchObject({ reason: "subscription_required", requiredFeatures: [] });

    // Through the subscriptions API, as a viewer subscribes.
    const planInput = { name: "Two screens", price: 999, currency: "eur" as const, interval: "month" as const };
    const plan = await expectJson(
      await client(await admin()).plans.$post({ json: { ...planInput, features: ["hd"], maxStreams: 2 } }),
      201,
    );
    const subscription = await expectJson(
      await client(viewer.accessToken).me.subscription.$post({
        json: { planId: plan.id, card: { number: "4242424242424242", expMonth: 12, expYear: 2099, cvc: "123" } },
        header: { "idempotency-key": crypto.randomUUID() },
      }),
      201,
    );
    expect(subscription.status).toBe("active");
    const playback = await expectJson(await playMovie(viewer.accessToken, movie.id), 200);
    expect(playback.playbackId).toEqual(expect.any(String));
    expect(playback.heartbeatSeconds).toBe(30);
    expect((await SELF.fetch(playback.url, { headers: { range: "bytes=0-9" } })).status).toBe(206);

    expect(await expectJson(await me.$get(), 200)).toEqual({
      active: true,
      planId: plan.id,
      planName: plan.name,
      features: ["hd"],
      maxStreams: 2,
      validUntil: subscription.currentPeriodEnd,
      streamsInUse: 1,
    });
  });

  it("answers plan_upgrade_required when the plan lacks a feature the title needs", async () => {
    const movie = await gatedMovie(["premium_titles"]);
    const viewer = await registerUser();
    await subscribe(viewer.id, (await newPlan({ features: ["hd"] })).id);
    const refused = await paywall(await playMovie(viewer.accessToken, movie.id));
    expect(refused).toMatchObject({ reason: "plan_upgrade_required", requiredFeatures: ["premium_titles"] });

    const upgraded = await registerUser();
    await subscribe(upgraded.id, (await newPlan({ features: ["hd", "premium_titles"] })).id);
    await expectJson(await playMovie(upgraded.accessToken, movie.id), 200);
  });

  it("keeps access while past_due until the last retry, and ends it when unpaid or canceled", async () => {
    const movie = await gatedMovie();
    const viewer = await registerUser();
    // A declined renewal moved the period on a day ago; the last retry is on its fifth day.
    const periodStart = new Date(Date.now() - DAY);
    const periodEnd = new Date(periodStart.getTime() + 30 * DAY);
    const subscription = await subscribe(viewer.id, (await newPlan()).id, { status: "past_due", periodStart, periodEnd });
    const playback = await expectJson(await playMovie(viewer.accessToken, movie.id), 200);
    const entitlements = await expectJson(await client(viewer.accessToken).me.entitlements.$get(), 200);
    const lastRetry = new Date(periodStart.getTime() + 5 * DAY).toISOString();
    expect(entitlements.validUntil).toBe(lastRetry);
    expect(Date.parse(playback.expiresAt)).toBeLessThanOrEqual(Date.parse(lastRetry));

    await setSubscriptionStatus(subscription.id, "unpaid");
    expect(await paywall(await playMovie(viewer.accessToken, movie.id))).toMatchObject({ reason: "subscription_required" });
    await setSubscriptionStatus(subscription.id, "canceled");
    await paywall(await playMovie(viewer.accessToken, movie.id));
  });

  it("ends a past_due subscription's access after its last retry's date", async () => {
    const movie = await gatedMovie();
    const viewer = await registerUser();
    const periodStart = new Date(Date.now() - 6 * DAY);
    const periodEnd = new Date(periodStart.getTime() + 30 * DAY);
    await subscribe(viewer.id, (await newPlan()).id, { status: "past_due", periodStart, periodEnd });
    await paywall(await playMovie(viewer.accessToken, movie.id));
  });

  it("grants nothing once the period has ended, even before the cron moves the status on", async () => {
    const movie = await gatedMovie();
    const viewer = await registerUser();
    await subscribe(viewer.id, (await newPlan()).id, { periodEnd: new Date(Date.now() - 1000) });
    await paywall(await playMovie(viewer.accessToken, movie.id));
  });

  it("signs a URL that expires no later than the subscription period's end", async () => {
    const movie = await gatedMovie();
    const viewer = await registerUser();
    const periodEnd = new Date(Date.now() + 10 * 60 * 1000);
    await subscribe(viewer.id, (await newPlan()).id, { periodEnd });
    const playback = await expectJson(await playMovie(viewer.accessToken, movie.id), 200);
    expect(Date.parse(playback.expiresAt)).toBeLessThanOrEqual(periodEnd.getTime());
    expect(Date.parse(playback.expiresAt)).toBeGreaterThan(Date.now() + 9 * 60 * 1000);
    const token = playback.url.split("/stream/")[1].split(".")[0];
    expect(Number(token) * 1000).toBeLessThanOrEqual(periodEnd.getTime());
  });

  it("lets an episode follow its series' access", async () => {
    const { episode } = await gatedEpisode(["premium_titles"]);
    const viewer = await registerUser();
    const play = () => client(viewer.accessToken).episodes[":id"].playback.$get({ param: { id: episode.id }, query: {} });
    expect(await paywall(await play())).toMatchObject({ reason: "subscription_required", requiredFeatures: ["premium_titles"] });
    await subscribe(viewer.id, (await newPlan({ features: ["premium_titles"] })).id);
    expect((await expectJson(await play(), 200)).playbackId).toEqual(expect.any(String));
  });

  it("plays free titles to anyone signed in and every title to staff, without a stream slot", async () => {
    const free = await gatedMovie([], "free");
    const viewer = await registerUser();
    const playback = await expectJson(await playMovie(viewer.accessToken, free.id), 200);
    expect(playback).toMatchObject({ playbackId: null, heartbeatSeconds: 30 });

    const gated = await gatedMovie(["premium_titles"]);
    const staff = await signInAdmin();
    expect(await expectJson(await playMovie(staff.accessToken, gated.id), 200)).toMatchObject({ playbackId: null });
  });

  it("needs a signed-in caller, and an existing title", async () => {
    await expectProblemOf(await client().me.entitlements.$get(), 401);
    const viewer = await registerUser();
    await expectProblemOf(await playMovie(viewer.accessToken, "no-such-movie"), 404);
  });
});

describe("access on catalog titles", { timeout: 30_000 }, () => {
  it("shows access and required features in lists and details, and lets an admin change them", async () => {
    const movie = await newMovie();
    expect(movie).toMatchObject({ access: "free", requiredFeatures: [] });
    const asAdmin = client(await admin()).movies[":id"];
    const param = { id: movie.id };
    const json = { access: "subscription" as const, requiredFeatures: ["premium_titles", "hd"] };
    expect(await expectJson(await asAdmin.$patch({ param, json }), 200)).toMatchObject(json);
    expect(await expectJson(await client().movies[":id"].$get({ param }), 200)).toMatchObject(json);
    const list = await expectJson(await client().movies.$get({ query: { sort: "recent", limit: "100" } }), 200);
    expect(list.items.find((item) => item.id === movie.id)).toMatchObject(json);
  });

  it("refuses features that are not lower_snake_case, repeated or too many", async () => {
    const movie = await newMovie();
    const patch = async (requiredFeatures: string[], token?: string) =>
      client(token).movies[":id"].$patch({ param: { id: movie.id }, json: { requiredFeatures } });
    const asAdmin = async (requiredFeatures: string[]) => patch(requiredFeatures, await admin());
    await expectProblemOf(await asAdmin(["Premium Titles"]), 400);
    await expectProblemOf(await asAdmin(["hd", "hd"]), 400);
    await expectProblemOf(await asAdmin(Array.from({ length: 11 }, (_, i) => `feature_${i}`)), 400);
    await expectProblemOf(await patch(["hd"]), 401);
    const viewer = await registerUser();
    const asViewer = client(viewer.accessToken).series.$post({ json: { title: "X", releaseYear: 2020, access: "subscription" } });
    await expectProblemOf(await asViewer, 403);
  });
});
