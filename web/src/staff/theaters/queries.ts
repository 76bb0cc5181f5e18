import { api } from "../../api/client";
import { ok } from "../../api/problem";

export const theaterKeys = {
  all: ["theaters"] as const,
  one: (id: string) => ["theaters", id] as const,
};

/** Every theater, by name (there are few: all pages are read). */
export async function fetchTheaters() {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await ok(api.theaters.$get({ query: { limit: "100", ...(cursor ? { cursor } : {}) } }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
