import { z } from "@hono/zod-openapi";

export const IsoDate = z.iso.date().openapi({ example: "1979-05-25" });

/** Lists of ids in a write: at most 100, no repeats. */
export const IdList = (what: string) =>
  z
    .array(z.string().min(1).max(64))
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, `List each ${what} once`);

export const nonEmpty = (body: object) => Object.keys(body).length > 0;
export const NON_EMPTY = "Send at least one field to change";
