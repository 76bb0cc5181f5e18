import { z } from "@hono/zod-openapi";
import type { people } from "../db/schema";
import { artworkUrl } from "../lib/artwork-urls";
import { IsoDate, NON_EMPTY, nonEmpty } from "./catalog.schemas";

export const PersonSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    birthDate: z.string().nullable(),
    bio: z.string().nullable(),
    photoUrl: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Person");

export const CreditSchema = z
  .object({
    character: z.object({ id: z.string(), name: z.string() }),
    title: z.object({
      type: z.enum(["movie", "series"]),
      id: z.string(),
      title: z.string(),
      releaseYear: z.number().int().nullable(),
    }),
  })
  .openapi("Credit");

export const PersonDetailSchema = PersonSchema.extend({ credits: z.array(CreditSchema) }).openapi("PersonDetail");

const personFields = {
  name: z.string().trim().min(1).max(200).openapi({ example: "Ana Torres" }),
  birthDate: IsoDate.nullable(),
  bio: z.string().trim().max(5000).nullable(),
};

export const PersonInput = z
  .object({ name: personFields.name, birthDate: personFields.birthDate.optional(), bio: personFields.bio.optional() })
  .openapi("PersonInput");

export const PersonUpdate = z.object(personFields).partial().refine(nonEmpty, NON_EMPTY).openapi("PersonUpdate");

export type Person = z.infer<typeof PersonSchema>;

export const toPerson = (row: typeof people.$inferSelect): Person => ({
  id: row.id,
  name: row.name,
  birthDate: row.birthDate,
  bio: row.bio,
  photoUrl: artworkUrl(row.photoKey),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
