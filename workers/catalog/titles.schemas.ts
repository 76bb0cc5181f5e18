import { z } from "@hono/zod-openapi";
import { titleAccessLevels } from "../db/schema";
import { PageQuery } from "../lib/pagination";
import { IdList, NON_EMPTY, nonEmpty } from "./catalog.schemas";
import { GenreRefSchema } from "./genres.schemas";

// Movies and series share one shape; a series adds its seasons, a movie requires a runtime.

const Language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "A BCP 47 language tag such as en or pt-BR")
  .openapi({ example: "en" });

const thisYear = () => new Date().getUTCFullYear();

const titleFields = {
  title: z.string().trim().min(1).max(300).openapi({ example: "Nebula Rising" }),
  originalTitle: z.string().trim().min(1).max(300).nullable().openapi({ example: "Nébula naciente" }),
  synopsis: z.string().trim().max(5000).nullable(),
  releaseYear: z
    .number()
    .int()
    .min(1870)
    .refine((y) => y <= thisYear() + 10, "Too far in the future"),
  runtimeMinutes: z.number().int().min(1).max(1000),
  maturityRating: z.string().trim().min(1).max(20).nullable().openapi({ example: "PG-13" }),
  languages: z
    .array(Language)
    .max(50)
    .refine((tags) => new Set(tags).size === tags.length, "List each language once"),
  genres: IdList("genre").openapi({ description: "Genre ids" }),
  access: z.enum(titleAccessLevels).openapi({
    description: "Who may stream it: everyone signed in (free), or subscribers (subscription). A series' episodes follow it.",
  }),
  requiredFeatures: z
    .array(z.string().regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, "A plan feature in lower_snake_case, such as premium_titles"))
    .max(10)
    .refine((features) => new Set(features).size === features.length, "List each feature once")
    .openapi({
      example: ["premium_titles"],
      description: "Plan features a subscriber's plan must include to stream a subscription title",
    }),
};

export const MovieInput = z
  .object({
    ...titleFields,
    originalTitle: titleFields.originalTitle.optional(),
    synopsis: titleFields.synopsis.optional(),
    maturityRating: titleFields.maturityRating.optional(),
    languages: titleFields.languages.default([]),
    genres: titleFields.genres.default([]),
    access: titleFields.access.default("free"),
    requiredFeatures: titleFields.requiredFeatures.default([]),
  })
  .openapi("MovieInput");

export const MovieUpdate = z.object(titleFields).partial().refine(nonEmpty, NON_EMPTY).openapi("MovieUpdate");

export const SeriesInput = MovieInput.extend({ runtimeMinutes: titleFields.runtimeMinutes.nullable().optional() }).openapi(
  "SeriesInput",
);

export const SeriesUpdate = z
  .object({ ...titleFields, runtimeMinutes: titleFields.runtimeMinutes.nullable() })
  .partial()
  .refine(nonEmpty, NON_EMPTY)
  .openapi("SeriesUpdate");

export type TitleInput = z.infer<typeof SeriesInput>;
export type TitleUpdate = z.infer<typeof SeriesUpdate>;

export const CastInput = z
  .object({ cast: IdList("character").openapi({ description: "Character ids, in billing order" }) })
  .openapi("CastInput");

const summaryFields = {
  id: z.string(),
  title: z.string(),
  originalTitle: z.string().nullable(),
  synopsis: z.string().nullable(),
  releaseYear: z.number().int().nullable(),
  runtimeMinutes: z.number().int().nullable(),
  maturityRating: z.string().nullable(),
  languages: z.array(z.string()),
  posterUrl: z.string().nullable(),
  backdropUrl: z.string().nullable(),
  popularity: z.number().int(),
  access: z.enum(titleAccessLevels),
  requiredFeatures: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const MovieSummarySchema = z
  .object({
    ...summaryFields,
    runtimeMinutes: z.number().int(),
    genres: z.array(z.string()).openapi({ description: "Genre ids" }),
  })
  .openapi("MovieSummary");

export const SeriesSummarySchema = z
  .object({ ...summaryFields, genres: z.array(z.string()), seasonCount: z.number().int() })
  .openapi("SeriesSummary");

export const CastMemberSchema = z
  .object({
    character: z.object({ id: z.string(), name: z.string() }),
    person: z.object({ id: z.string(), name: z.string(), photoUrl: z.string().nullable() }),
  })
  .openapi("CastMember");

export const EpisodeSchema = z
  .object({
    id: z.string(),
    seasonId: z.string(),
    seriesId: z.string(),
    seasonNumber: z.number().int(),
    number: z.number().int(),
    title: z.string(),
    synopsis: z.string().nullable(),
    runtimeMinutes: z.number().int().nullable(),
    airDate: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Episode");

export const SeasonSchema = z
  .object({
    id: z.string(),
    seriesId: z.string(),
    number: z.number().int(),
    title: z.string().nullable(),
    synopsis: z.string().nullable(),
    episodeCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Season");

const detailFields = {
  genres: z.array(GenreRefSchema),
  cast: z.array(CastMemberSchema),
  // On GET only (the engagement module's likes); writes answer the title without them.
  likeCount: z.number().int().optional().openapi({ description: "How many people like the title (GET only)" }),
  likedByMe: z.boolean().optional().openapi({ description: "Whether the signed-in caller likes it (GET only)" }),
};

const playable = z
  .boolean()
  .optional()
  .openapi({ description: "Whether a playable asset is attached, so `…/playback` answers a stream (GET only)" });

export const MovieDetailSchema = MovieSummarySchema.extend({ ...detailFields, playable }).openapi("MovieDetail");

export const SeriesDetailSchema = SeriesSummarySchema.extend({
  ...detailFields,
  seasons: z.array(SeasonSchema.extend({ episodes: z.array(EpisodeSchema.extend({ playable })) })),
}).openapi("SeriesDetail");

export const sorts = ["title", "year", "popular", "recent"] as const;
export type Sort = (typeof sorts)[number];

export const TitleListQuery = PageQuery.extend({
  genre: z.string().min(1).max(64).optional().openapi({ description: "Only titles with this genre id" }),
  year: z.coerce.number().int().min(1870).max(3000).optional().openapi({ description: "Only titles released this year" }),
  person: z.string().min(1).max(64).optional().openapi({ description: "Only titles whose cast includes this person id" }),
  language: Language.optional().openapi({ description: "Only titles available in this language" }),
  sort: z.enum(sorts).default("title").openapi({
    description: "title (A to Z), year (newest first), popular (most popular first), recent (latest added first)",
  }),
});

export type TitleListFilters = z.infer<typeof TitleListQuery>;
