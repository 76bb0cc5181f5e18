import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { unique } from "../../test/api";
import { client, expectJson } from "../../test/client";
import { admin, newEpisode, newMovie, newSeason, newSeries } from "../catalog/catalog.fixtures";
import { plans, type SubscriptionStatus, subscriptions } from "../db/schema";
import { database } from "../lib/db";
import { newId, nowIso } from "../lib/ids";
import { clip, uploaded } from "../media/media.test-helpers";

// Plans and subscriptions written straight to D1: these tests are about what a subscription
// grants, whatever state it reached; the subscriptions API has its own tests for how it gets there.
const db = () => database(env.DB);
const HOUR = 60 * 60 * 1000;

export async function newPlan(extra: { features?: string[]; maxStreams?: number } = {}) {
  const now = nowIso();
  const row = {
    id: newId(),
    name: unique("Plan "),
    priceCents: 999,
    currency: "EUR",
    interval: "month" as const,
    features: extra.features ?? [],
    maxStreams: extra.maxStreams ?? 1,
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(plans).values(row);
  return row;
}

export async function subscribe(
  userId: string,
  planId: string,
  opts: { status?: SubscriptionStatus; periodStart?: Date; periodEnd?: Date } = {},
) {
  const now = nowIso();
  const row = {
    id: newId(),
    userId,
    planId,
    status: opts.status ?? "active",
    currentPeriodStart: opts.periodStart?.toISOString() ?? now,
    currentPeriodEnd: (opts.periodEnd ?? new Date(Date.now() + 30 * 24 * HOUR)).toISOString(),
    createdAt: now,
    updatedAt: now,
  };
  await db().insert(subscriptions).values(row);
  return row;
}

export async function setSubscriptionStatus(id: string, status: SubscriptionStatus) {
  await db().update(subscriptions).set({ status }).where(eq(subscriptions.id, id));
}

/** Makes a title playable: the admin uploads a short MP3 (played as is) and attaches it. */
async function playableMedia() {
  return uploaded(await admin(), clip.audio(), "title.mp3");
}

export async function gatedMovie(requiredFeatures: string[] = [], access: "free" | "subscription" = "subscription") {
  const movie = await newMovie({ access, requiredFeatures });
  const media = await playableMedia();
  const param = { id: movie.id };
  await expectJson(await client(await admin()).movies[":id"].media.$put({ param, json: { mediaId: media.id } }), 200);
  return movie;
}

export async function gatedEpisode(requiredFeatures: string[] = []) {
  const show = await newSeries({ access: "subscription", requiredFeatures });
  const season = await newSeason(show.id, { number: 1 });
  const episode = await newEpisode(season.id, { number: 1, title: unique("Episode ") });
  const media = await playableMedia();
  const param = { id: episode.id };
  await expectJson(await client(await admin()).episodes[":id"].media.$put({ param, json: { mediaId: media.id } }), 200);
  return { show, episode };
}

export const playMovie = (token: string, id: string, playbackId?: string) =>
  client(token).movies[":id"].playback.$get({ param: { id }, query: playbackId ? { playbackId } : {} });
