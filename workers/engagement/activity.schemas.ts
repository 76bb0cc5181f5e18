import { z } from "@hono/zod-openapi";
import { favoriteTargets, watchTargets } from "../db/schema";
import { PageQuery } from "../lib/pagination";
import { ProfileIdField } from "./profile";
import { exactlyOne, ItemSummarySchema, targetFields } from "./targets";

const Seconds = z
  .number()
  .min(0)
  .max(7 * 24 * 3600);

const watchOne = exactlyOne(watchTargets);
export const ViewInputSchema = z
  .object({
    ...targetFields(watchTargets),
    positionSeconds: Seconds.openapi({ example: 754.2 }),
    durationSeconds: Seconds.positive().openapi({ example: 5400 }),
    profileId: ProfileIdField,
  })
  .refine(watchOne.check, { message: watchOne.message })
  .refine((v) => v.positionSeconds <= v.durationSeconds, {
    message: "positionSeconds cannot be past durationSeconds",
    path: ["positionSeconds"],
  })
  .openapi("ViewInput");

export const ProgressSchema = z
  .object({
    item: ItemSummarySchema,
    profileId: z.string(),
    positionSeconds: z.number(),
    durationSeconds: z.number(),
    progress: z.number().openapi({ description: "0 to 1" }),
    completed: z.boolean(),
    updatedAt: z.string(),
  })
  .openapi("WatchProgress");

export const ViewResultSchema = ProgressSchema.extend({
  counted: z
    .boolean()
    .openapi({ description: "Whether this report counted as a new view (first time past 10 s within 6 hours)" }),
}).openapi("ViewResult");

export const HistoryDeleteQuery = z
  .object({ ...targetFields(watchTargets), profileId: ProfileIdField })
  .refine(watchOne.check, { message: watchOne.message });

export const HistoryQuery = PageQuery.extend({
  profileId: ProfileIdField,
  filter: z
    .enum(["all", "in_progress"])
    .default("all")
    .openapi({ description: "`in_progress`: only what can be resumed (continue watching)" }),
});

const favoriteOne = exactlyOne(favoriteTargets);
export const FavoriteInputSchema = z
  .object({ ...targetFields(favoriteTargets), profileId: ProfileIdField })
  .refine(favoriteOne.check, { message: favoriteOne.message })
  .openapi("FavoriteInput");

export const FavoriteDeleteQuery = z
  .object({ ...targetFields(favoriteTargets), profileId: ProfileIdField })
  .refine(favoriteOne.check, { message: favoriteOne.message });

export const FavoriteSchema = z
  .object({ item: ItemSummarySchema, profileId: z.string(), addedAt: z.string() })
  .openapi("Favorite");

export const FavoritesQuery = PageQuery.extend({ profileId: ProfileIdField });
