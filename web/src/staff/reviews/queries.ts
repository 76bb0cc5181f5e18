import { api } from "../../api/client";
import { type OkBody, ok } from "../../api/problem";

const PAGE = "25";

export type Reported = "true" | "false";
export const reportedLabels: Record<Reported, string> = { true: "Reported", false: "Not reported" };

export interface ReviewFilters {
  movieId: string;
  /** "1" to "5", or "" for any. */
  rating: string;
  reported: Reported | "";
}

const listCall = (filters: ReviewFilters, cursor?: string) =>
  api.admin.reviews.$get({
    query: {
      limit: PAGE,
      ...(filters.movieId ? { movieId: filters.movieId } : {}),
      ...(filters.rating ? { rating: filters.rating } : {}),
      ...(filters.reported ? { reported: filters.reported } : {}),
      ...(cursor ? { cursor } : {}),
    },
  });
export type AdminReview = OkBody<Awaited<ReturnType<typeof listCall>>>["items"][number];

/** Query keys: everything under ["admin-reviews"], so a removal refreshes every filtered list. */
export const reviewKeys = {
  all: ["admin-reviews"] as const,
  list: (filters: ReviewFilters) => ["admin-reviews", filters] as const,
};

export const listReviews = (filters: ReviewFilters, cursor?: string) => ok(listCall(filters, cursor));
export const removeReview = (id: string) => ok(api.admin.reviews[":id"].$delete({ param: { id } }));
/** Movies to filter by, A to Z (the first hundred). */
export const moviesByTitle = () => ok(api.movies.$get({ query: { limit: "100", sort: "title" } }));

/** Review bodies come HTML-escaped from the API; React escapes again, so decode them once for display. */
export function decodeEntities(text: string) {
  return new DOMParser().parseFromString(text, "text/html").documentElement.textContent ?? text;
}
