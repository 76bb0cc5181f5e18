import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Schema } from "hono";
import { recordEvent } from "../analytics/events";
import { requireEntitlement } from "../billing/entitlements";
import { slotFree, startPlayback } from "../billing/playbacks";
import { titleDetailChanged } from "../catalog/catalog.writes";
import {
  type CatalogTitleType,
  catalogMedia,
  catalogTitleTypes,
  episodes,
  mediaItems,
  movies,
  seasons,
  series,
} from "../db/schema";
import { requireAdmin, requireAuth } from "../lib/auth";
import type { AppEnv, Db } from "../lib/context";
import { bearerAuth, createRouter } from "../lib/create-app";
import { ApiError, errorResponses, pickErrors } from "../lib/errors";
import { nowIso } from "../lib/ids";
import { jsonBody, jsonResponse } from "../lib/openapi";
import { bestDoneJob } from "./media.queries";
import { CatalogPlaybackQuery, CatalogPlaybackSchema } from "./media.schemas";
import { signedPlayback } from "./playback";

const TitleParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
const AttachRequest = z.object({ mediaId: z.string().min(1).max(64) }).openapi("AttachCatalogMedia");
const CatalogMediaSchema = z
  .object({ titleType: z.enum(catalogTitleTypes), titleId: z.string(), mediaId: z.string(), createdAt: z.string() })
  .openapi("CatalogMedia");

const collection = { movie: "movies", episode: "episodes" } as const satisfies Record<CatalogTitleType, string>;

// Generic in the title type, with the paths `as const`, so each path stays a literal ("/movies/{id}/media"):
// a `${string}/media` path would give AppType an index signature that swallows every other "…/media" route.
function routesFor<T extends CatalogTitleType>(titleType: T) {
  const base = `/${collection[titleType]}/{id}` as const;
  const tags = [`catalog: ${collection[titleType]}`];
  return {
    attach: createRoute({
      security: bearerAuth,
      middleware: [requireAdmin],
      tags,
      method: "put",
      path: `${base}/media` as const,
      summary: `Attach a media item as the ${titleType}'s playable asset (admin)`,
      description:
        "Replaces any asset attached before. Playback then uses the item's best finished conversion (HLS, MP4, MP3) or the original.",
      request: { params: TitleParam, body: jsonBody(AttachRequest) },
      responses: { 200: jsonResponse(CatalogMediaSchema, "Attached"), ...pickErrors(400, 401, 403, 404) },
    }),
    detach: createRoute({
      security: bearerAuth,
      middleware: [requireAdmin],
      tags,
      method: "delete",
      path: `${base}/media` as const,
      summary: `Detach the ${titleType}'s playable asset (admin)`,
      request: { params: TitleParam },
      responses: { 204: { description: "Detached" }, ...pickErrors(401, 403, 404) },
    }),
    playback: createRoute({
      security: bearerAuth,
      middleware: [requireAuth()],
      tags,
      method: "get",
      path: `${base}/playback` as const,
      summary: `A signed streaming URL for the ${titleType} (valid one hour at most)`,
      description:
        "A subscription title needs a live subscription whose plan has the title's required features (402 otherwise, with `reason` and `plansUrl`), and takes one of the plan's stream slots (409 `too_many_streams` when all are in use): keep it with heartbeats, free it with DELETE /playbacks/{id}. The URL never outlives the subscription's paid period. Free titles and staff need neither.",
      request: { params: TitleParam, query: CatalogPlaybackQuery },
      responses: {
        200: jsonResponse(CatalogPlaybackSchema, "Where to stream from"),
        402: { ...errorResponses[403], description: "Not included in your subscription (or you have none)" },
        ...pickErrors(401, 404, 409),
      },
    }),
  };
}

type TitlePageKind = Parameters<typeof titleDetailChanged>[1];

/**
 * The cached title page that shows whether the title plays (a movie's own, an episode's series),
 * or undefined when there is no such title.
 */
async function titlePage(
  db: Db,
  titleType: CatalogTitleType,
  id: string,
): Promise<{ kind: TitlePageKind; id: string } | undefined> {
  if (titleType === "movie") {
    const movie = await db.select({ id: movies.id }).from(movies).where(eq(movies.id, id)).get();
    return movie && { kind: "movie", id: movie.id };
  }
  const episode = await db
    .select({ seriesId: seasons.seriesId })
    .from(episodes)
    .innerJoin(seasons, eq(seasons.id, episodes.seasonId))
    .where(eq(episodes.id, id))
    .get();
  return episode && { kind: "series", id: episode.seriesId };
}

/** Who may stream a title: a movie's own rule, an episode's series'; undefined when there is no such title. */
async function accessRule(db: Db, titleType: CatalogTitleType, id: string) {
  if (titleType === "movie") {
    return db
      .select({ name: movies.title, access: movies.access, requiredFeatures: movies.requiredFeatures })
      .from(movies)
      .where(eq(movies.id, id))
      .get();
  }
  const episode = await db
    .select({
      name: episodes.title,
      series: series.title,
      access: series.access,
      requiredFeatures: series.requiredFeatures,
    })
    .from(episodes)
    .innerJoin(seasons, eq(seasons.id, episodes.seasonId))
    .innerJoin(series, eq(series.id, seasons.seriesId))
    .where(eq(episodes.id, id))
    .get();
  return episode && { ...episode, name: `${episode.series}: ${episode.name}` };
}

/** The title pages an item plays on: deleting the item takes their Play away (`titlePagesChanged` after). */
export async function titlePagesPlaying(db: Db, mediaId: string) {
  const links = await db
    .select({ titleType: catalogMedia.titleType, titleId: catalogMedia.titleId })
    .from(catalogMedia)
    .where(eq(catalogMedia.mediaId, mediaId));
  const pages = await Promise.all(links.map((link) => titlePage(db, link.titleType, link.titleId)));
  return pages.filter((page) => page !== undefined);
}

export async function titlePagesChanged(env: Env, pages: { kind: TitlePageKind; id: string }[]) {
  await Promise.all(pages.map((page) => titleDetailChanged(env, page.kind, page.id)));
}

/** Adds one title type's routes to `router`, keeping the routes `router` already has in its type. */
function mount<S extends Schema, T extends CatalogTitleType>(router: OpenAPIHono<AppEnv, S>, titleType: T) {
  const routes = routesFor(titleType);
  const missing = `No such ${titleType}`;
  return router
    .openapi(routes.attach, async (c) => {
      const { id } = c.req.valid("param");
      const { mediaId } = c.req.valid("json");
      const db = c.get("db");
      const page = await titlePage(db, titleType, id);
      if (!page) throw new ApiError("not_found", missing);
      const media = await db.select({ id: mediaItems.id }).from(mediaItems).where(eq(mediaItems.id, mediaId)).get();
      if (!media) throw new ApiError("not_found", "No such media");
      const row = { titleType, titleId: id, mediaId, attachedBy: c.get("auth").userId, createdAt: nowIso() };
      await db
        .insert(catalogMedia)
        .values(row)
        .onConflictDoUpdate({
          target: [catalogMedia.titleType, catalogMedia.titleId],
          set: { mediaId, attachedBy: row.attachedBy, createdAt: row.createdAt },
        });
      await titleDetailChanged(c.env, page.kind, page.id);
      // `kind`, not the generic `titleType`: the response schema's type is the union of title types.
      const kind: CatalogTitleType = titleType;
      return c.json({ titleType: kind, titleId: id, mediaId, createdAt: row.createdAt }, 200);
    })
    .openapi(routes.detach, async (c) => {
      const { id } = c.req.valid("param");
      const db = c.get("db");
      const deleted = await db
        .delete(catalogMedia)
        .where(and(eq(catalogMedia.titleType, titleType), eq(catalogMedia.titleId, id)))
        .returning({ id: catalogMedia.titleId });
      if (deleted.length === 0) throw new ApiError("not_found", `That ${titleType} has no playable asset`);
      const page = await titlePage(db, titleType, id);
      if (page) await titleDetailChanged(c.env, page.kind, page.id);
      return c.body(null, 204);
    })
    .openapi(routes.playback, async (c) => {
      const { id } = c.req.valid("param");
      const db = c.get("db");
      const auth = c.get("auth");
      const rule = await accessRule(db, titleType, id);
      if (!rule) throw new ApiError("not_found", missing);
      const now = new Date();
      const entitlement = await requireEntitlement(db, auth, rule, now);
      const linked = await db
        .select({ item: mediaItems })
        .from(catalogMedia)
        .innerJoin(mediaItems, eq(mediaItems.id, catalogMedia.mediaId))
        .where(and(eq(catalogMedia.titleType, titleType), eq(catalogMedia.titleId, id)))
        .get();
      if (!linked) throw new ApiError("not_found", `That ${titleType} is not playable yet`);
      const job = await bestDoneJob(db, linked.item.id);
      const origin = new URL(c.req.url).origin;
      const notAfter = entitlement?.validUntil ? Date.parse(entitlement.validUntil) : undefined;
      const stream = await signedPlayback(c.env, origin, linked.item, job, undefined, notAfter);
      const slot = entitlement
        ? await startPlayback(c.env, auth.userId, entitlement, rule.name, c.req.valid("query").playbackId, now.getTime())
        : slotFree;
      recordEvent(c.env, c.executionCtx, { type: "play_started", userId: auth.userId, targetType: titleType, targetId: id });
      return c.json({ ...stream, ...slot }, 200);
    });
}

/** Catalog titles play through the same signed /stream URLs as personal media. */
export const catalogMediaRouter = mount(mount(createRouter(), "movie"), "episode");
