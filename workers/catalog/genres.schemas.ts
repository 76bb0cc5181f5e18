import { z } from "@hono/zod-openapi";
import type { genres } from "../db/schema";

export const GenreSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("Genre");

/** How a title's detail embeds a genre. */
export const GenreRefSchema = z.object({ id: z.string(), name: z.string() }).openapi("GenreRef");

export const GenreInput = z
  .object({ name: z.string().trim().min(1).max(50).openapi({ example: "Science fiction" }) })
  .openapi("GenreInput");

export type Genre = z.infer<typeof GenreSchema>;

export const toGenre = (row: typeof genres.$inferSelect): Genre => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
