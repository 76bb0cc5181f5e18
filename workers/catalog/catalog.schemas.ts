import { z } from "@hono/zod-openapi";

/** `{id}` in a catalog path. */
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const IsoDate = z.iso.date().openapi({ example: "1979-05-25" });

/** Lists of ids in a write: at most 100, no repeats. */
export const IdList = (what: string) =>
  z
    .array(z.string().min(1).max(64))
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, `List each ${what} once`);

/** The public URL of a stored artwork object (see artwork.index.ts), or null. */
export const artworkUrl = (key: string | null | undefined) => (key ? `/api/artwork/${key.slice("artwork/".length)}` : null);

export const nonEmpty = (body: object) => Object.keys(body).length > 0;
export const NON_EMPTY = "Send at least one field to change";
