import { recordEvent, tokenUserId } from "../analytics/events";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { decodeCursor, page } from "../lib/pagination";
import { cachedJson } from "./cache";
import { ftsQuery, search } from "./search.queries";
import * as routes from "./search.routes";

// Ranked results page by offset: a bm25 score is no stable keyset.
const MAX_OFFSET = 1000;

function offsetOf(cursor: string | undefined): number {
  const values = decodeCursor(cursor);
  if (!values) return 0;
  const [offset] = values;
  if (values.length !== 1 || typeof offset !== "number" || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    throw new ApiError("bad_request", "The cursor is not one this API handed out");
  }
  return offset;
}

export const searchRouter = createRouter().openapi(routes.search, async (c) => {
  const { q, type, limit, cursor } = c.req.valid("query");
  const offset = offsetOf(cursor);
  // Answers are cached under what the index is asked, so "Nebu  Ris" and "nebu ris" share one.
  const key = JSON.stringify([ftsQuery(q)?.toLowerCase(), type, limit, offset]);
  const response = await cachedJson(c, "search", key, async () => {
    const hits = await search(c.get("db"), { q, type, offset, limit });
    const result = page(
      hits.map((hit, i) => ({ hit, next: offset + i + 1 })),
      limit,
      (row) => [row.next],
      (row) => row.hit,
    );
    // Past MAX_OFFSET a query should be narrowed rather than paged further.
    return offset + limit > MAX_OFFSET ? { ...result, nextCursor: null } : result;
  });
  if (!response) throw new Error("a search always has an answer");
  // A search is recorded once, for its first page; reading the answer happens after it has left.
  if (offset === 0) {
    const answer = (response as Response).clone();
    recordEvent(
      c.env,
      c.executionCtx,
      Promise.all([answer.json<{ items: unknown[] }>(), tokenUserId(c.env, c.req.header("authorization"))]).then(
        ([body, userId]) => ({
          type: "search",
          userId,
          query: q.trim().toLowerCase().replace(/\s+/g, " "),
          resultCount: body.items.length,
        }),
      ),
    );
  }
  return response;
});
