import { z } from "@hono/zod-openapi";
import { IsoDate, NON_EMPTY, nonEmpty } from "./catalog.schemas";
import { EpisodeSchema, SeasonSchema } from "./titles.schemas";

const seasonFields = {
  number: z.number().int().min(0).max(1000).openapi({ description: "Unique within the series; 0 for specials" }),
  title: z.string().trim().min(1).max(300).nullable(),
  synopsis: z.string().trim().max(5000).nullable(),
};

export const SeasonInput = z
  .object({ number: seasonFields.number, title: seasonFields.title.optional(), synopsis: seasonFields.synopsis.optional() })
  .openapi("SeasonInput");
export const SeasonUpdate = z.object(seasonFields).partial().refine(nonEmpty, NON_EMPTY).openapi("SeasonUpdate");

export const SeasonDetailSchema = SeasonSchema.extend({ episodes: z.array(EpisodeSchema) }).openapi("SeasonDetail");

const episodeFields = {
  number: z.number().int().min(0).max(10000).openapi({ description: "Unique within the season" }),
  title: z.string().trim().min(1).max(300),
  synopsis: z.string().trim().max(5000).nullable(),
  runtimeMinutes: z.number().int().min(1).max(1000).nullable(),
  airDate: IsoDate.nullable(),
};

export const EpisodeInput = z
  .object({
    number: episodeFields.number,
    title: episodeFields.title,
    synopsis: episodeFields.synopsis.optional(),
    runtimeMinutes: episodeFields.runtimeMinutes.optional(),
    airDate: episodeFields.airDate.optional(),
  })
  .openapi("EpisodeInput");
export const EpisodeUpdate = z.object(episodeFields).partial().refine(nonEmpty, NON_EMPTY).openapi("EpisodeUpdate");
