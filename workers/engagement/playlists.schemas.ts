import { z } from "@hono/zod-openapi";
import { playlistVisibilities } from "../db/schema";
import { IdParam } from "../lib/id-param";
import { PageQuery } from "../lib/pagination";
import { exactlyOne, ItemSummarySchema, targetFields } from "./targets";

export const playlistKinds = ["movie", "series", "episode", "media"] as const;
/** A playlist holds at most this many items. */
export const MAX_PLAYLIST_ITEMS = 500;

const Name = z.string().trim().min(1).max(100).openapi({ example: "Sunday classics" });
const Description = z.string().trim().max(1000).nullable();
const Visibility = z.enum(playlistVisibilities).openapi({
  description: "`private`: only you; `unlisted`: anyone with the link; `public`: listed on your profile too",
});

export const PlaylistInputSchema = z
  .object({ name: Name, description: Description.optional(), visibility: Visibility.default("private") })
  .openapi("PlaylistInput");

export const PlaylistUpdateSchema = z
  .object({ name: Name, description: Description, visibility: Visibility })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "Send at least one field to change")
  .openapi("PlaylistUpdate");

export const PlaylistSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    visibility: Visibility,
    owner: z.object({ id: z.string(), username: z.string(), name: z.string() }),
    itemCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Playlist");

export const PlaylistListQuery = PageQuery.extend({
  userId: z.string().min(1).max(64).optional().openapi({ description: "Someone's public playlists; without it, all of yours" }),
});

const addOne = exactlyOne(playlistKinds);
export const PlaylistItemInputSchema = z
  .object({
    ...targetFields(playlistKinds),
    position: z.number().int().min(0).optional().openapi({ description: "Where to insert (0 = first); the end when left out" }),
  })
  .refine(addOne.check, { message: addOne.message })
  .openapi("PlaylistItemInput");

export const PlaylistItemSchema = z
  .object({ id: z.string(), position: z.number().int(), item: ItemSummarySchema, addedAt: z.string() })
  .openapi("PlaylistItem");

export const ReorderSchema = z
  .union([
    z.object({
      itemId: z.string().min(1).max(64),
      position: z.number().int().min(0).openapi({ description: "The item's new index; past the end means last" }),
    }),
    z.object({
      order: z
        .array(z.string().min(1).max(64))
        .min(1)
        .max(MAX_PLAYLIST_ITEMS)
        .refine((ids) => new Set(ids).size === ids.length, "List each item once")
        .openapi({ description: "Every item id of the playlist, in the new order" }),
    }),
  ])
  .openapi("PlaylistReorder", {
    description:
      "Move one item (`{itemId, position}`), or send the whole new order (`{order}`), which is refused with 409 if the playlist changed meanwhile",
  });

export const PlaylistItemParams = IdParam.extend({
  itemId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "itemId", in: "path" } }),
});
