import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { Problem, Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { DataTable } from "../DataTable";
import { ConfirmDialog } from "../moderation/ConfirmDialog";
import {
  type AdminReview,
  decodeEntities,
  listReviews,
  moviesByTitle,
  type Reported,
  type ReviewFilters,
  removeReview,
  reportedLabels,
  reviewKeys,
} from "./queries";
import "./reviews.css";
import { LoadMore } from "../LoadMore";

const RATINGS = ["5", "4", "3", "2", "1"];

/** The filters live in the address, so a list of reported reviews can be linked to. */
function useFilters(): [ReviewFilters, (change: Partial<ReviewFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const rating = params.get("rating") ?? "";
  const reported = params.get("reported") ?? "";
  const filters: ReviewFilters = {
    movieId: params.get("movieId") ?? "",
    rating: RATINGS.includes(rating) ? rating : "",
    reported: reported in reportedLabels ? (reported as Reported) : "",
  };
  const change = (next: Partial<ReviewFilters>) => {
    const merged = { ...filters, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)), { replace: true });
  };
  return [filters, change];
}

const stars = (rating: number) => `${"★".repeat(rating)}${"☆".repeat(5 - rating)}`;

/** `/staff/reviews` (admins and moderators): every review, by movie, rating and reports; remove one after a confirmation. */
export default function ReviewsSection() {
  const [filters, change] = useFilters();
  const id = useId();
  const queryClient = useQueryClient();
  const movies = useQuery({ queryKey: ["movies", "by-title", "for-reviews"], queryFn: moviesByTitle });
  const results = useInfiniteQuery({
    queryKey: reviewKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => listReviews(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const [removing, setRemoving] = useState<AdminReview | null>(null);
  const [said, setSaid] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const remove = useMutation({
    mutationFn: (review: AdminReview) => removeReview(review.id),
    onMutate: () => setSaid(""),
    onSuccess: async (_, review) => {
      setRemoving(null);
      setSaid(`Removed ${review.author.username}'s review of ${review.movieTitle}.`);
      // The row and its button are gone: the focus goes to the list's heading rather than to the page.
      heading.current?.focus();
      await queryClient.invalidateQueries({ queryKey: reviewKeys.all });
    },
  });

  const reviews = results.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h1>Reviews</h1>
      <search>
        <form className="review-filters" onSubmit={(event) => event.preventDefault()}>
          <div className="field">
            <label htmlFor={`${id}-movie`}>Movie</label>
            <select
              id={`${id}-movie`}
              value={filters.movieId}
              onChange={(event) => change({ movieId: event.target.value })}
              aria-busy={movies.isPending}
            >
              <option value="">Every movie</option>
              {filters.movieId && !movies.data?.items.some((movie) => movie.id === filters.movieId) && (
                <option value={filters.movieId}>Movie {filters.movieId}</option>
              )}
              {movies.data?.items.map((movie) => (
                <option key={movie.id} value={movie.id}>
                  {movie.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-rating`}>Rating</label>
            <select id={`${id}-rating`} value={filters.rating} onChange={(event) => change({ rating: event.target.value })}>
              <option value="">Any rating</option>
              {RATINGS.map((rating) => (
                <option key={rating} value={rating}>
                  {rating} {rating === "1" ? "star" : "stars"}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-reported`}>Reports</label>
            <select
              id={`${id}-reported`}
              value={filters.reported}
              onChange={(event) => change({ reported: event.target.value as Reported | "" })}
            >
              <option value="">Reported or not</option>
              {Object.entries(reportedLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </form>
      </search>
      {movies.isError && <Problem error={movies.error} onRetry={() => void movies.refetch()} />}

      <h2 id={`${id}-results`} ref={heading} tabIndex={-1} className="visually-hidden">
        Matching reviews
      </h2>
      <p role="status" className="hint">
        {said ||
          (results.isSuccess && !results.isPlaceholderData
            ? reviews.length === 0
              ? "No review matches."
              : `${reviews.length}${results.hasNextPage ? "+" : ""} ${reviews.length === 1 ? "review" : "reviews"} shown.`
            : "")}
      </p>
      {results.isPending ? (
        <Skeleton rows={5} label="Loading reviews" />
      ) : reviews.length > 0 ? (
        <DataTable
          labelledBy={`${id}-results`}
          busy={results.isFetching && !results.isFetchingNextPage}
          className="admin-review-table"
          columns={[
            "Movie",
            "Author",
            "Rating",
            "Review",
            "Reports",
            <span key="actions" className="visually-hidden">
              Actions
            </span>,
          ]}
        >
          {reviews.map((review) => (
            <tr key={review.id}>
              <th scope="row">{review.movieTitle}</th>
              <td className="review-author">
                {review.author.username}
                <span className="hint"> {review.author.email}</span>
              </td>
              <td>
                <span role="img" aria-label={`${review.rating} out of 5 stars`}>
                  {stars(review.rating)}
                </span>
              </td>
              <td className="review-text">
                {review.body ? decodeEntities(review.body) : <span className="hint">(rating only)</span>}
                <span className="hint">
                  {" "}
                  <time dateTime={review.createdAt}>{when(review.createdAt)}</time>
                </span>
              </td>
              <td>{review.reportCount > 0 ? <span className="tag reported">{review.reportCount} reported</span> : "0"}</td>
              <td>
                <button
                  type="button"
                  className="danger"
                  aria-label={`Remove ${review.author.username}'s review of ${review.movieTitle}`}
                  onClick={() => {
                    remove.reset();
                    setRemoving(review);
                  }}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <LoadMore list={results} label="Load more reviews" className="more-reviews" />
      <ConfirmDialog
        open={removing !== null}
        title="Remove this review?"
        confirmLabel="Remove review"
        busy={remove.isPending}
        error={remove.isError ? remove.error : undefined}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing)}
      >
        {removing && (
          <p>
            {removing.author.username}'s {removing.rating}-star review of {removing.movieTitle} disappears from the title page and
            its ratings. The removal is recorded in the audit log.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
