import { z } from "@hono/zod-openapi";
import { NON_EMPTY, nonEmpty } from "./catalog.schemas";

export const CharacterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    personId: z.string(),
    person: z.object({ id: z.string(), name: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Character");

const fields = {
  name: z.string().trim().min(1).max(200).openapi({ example: "Captain Mara Voss" }),
  personId: z.string().min(1).max(64).openapi({ description: "The person who plays the character" }),
};

export const CharacterInput = z.object(fields).openapi("CharacterInput");
export const CharacterUpdate = z.object(fields).partial().refine(nonEmpty, NON_EMPTY).openapi("CharacterUpdate");

export type Character = z.infer<typeof CharacterSchema>;

export interface CharacterRow {
  id: string;
  name: string;
  personId: string;
  personName: string;
  createdAt: string;
  updatedAt: string;
}

export const toCharacter = (row: CharacterRow): Character => ({
  id: row.id,
  name: row.name,
  personId: row.personId,
  person: { id: row.personId, name: row.personName },
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
