import { z } from "@hono/zod-openapi";
import { ApiError } from "./errors";
import { base64url, fromBase64url } from "./ids";

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Page size, 1 to 100" }),
  cursor: z.string().max(500).optional().openapi({ description: "Opaque cursor from a previous page's nextCursor" }),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

type CursorValue = string | number;

/** The position after which the next page starts; undefined on the first page. */
export function decodeCursor(cursor: string | undefined): CursorValue[] | undefined {
  if (!cursor) return undefined;
  try {
    const values = JSON.parse(new TextDecoder().decode(fromBase64url(cursor)));
    if (Array.isArray(values) && values.every((v) => typeof v === "string" || typeof v === "number")) return values;
  } catch {
    // fall through to the problem below
  }
  throw new ApiError("bad_request", "The cursor is not one this API handed out");
}

/**
 * Cuts a page from `rows`, fetched with `limit + 1` so one extra row tells whether more exist.
 * @example page(rows, limit, (u) => [u.id])
 */
export function page<Row, Item>(rows: Row[], limit: number, keyOf: (row: Row) => CursorValue[], toItem: (row: Row) => Item) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? base64url(new TextEncoder().encode(JSON.stringify(keyOf(last)))) : null;
  return { items: items.map(toItem), nextCursor };
}
