import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { useSession } from "../../api/session";
import { Problem, Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { keys } from "./queries";
import { ReportReview } from "./ReportReview";

const STARS = [5, 4, 3, 2, 1] as const;

/** Review bodies come HTML-escaped from the API; React escapes again, so decode them once for display. */
function decodeEntities(text: string) {
  return new DOMParser().parseFromString(text, "text/html").documentElement.textContent ?? text;
}

function Histogram({ movieId }: { movieId: string }) {
  const stats = useQuery({
    queryKey: [...keys.reviews(movieId), "stats"],
    queryFn: () => ok(api.movies[":id"].reviews.stats.$get({ param: { id: movieId } })),
  });
  if (stats.isPending) return <Skeleton rows={3} label="Loading ratings" />;
  if (stats.isError) return <Problem error={stats.error} onRetry={() => stats.refetch()} />;
  const { average, count, histogram } = stats.data;
  if (count === 0) return <p className="hint">No ratings yet.</p>;
  const most = Math.max(...STARS.map((s) => histogram[s]));
  return (
    <div className="ratings">
      <p className="ratings-average">
        <strong>{average?.toFixed(1)}</strong> out of 5 from {count} {count === 1 ? "rating" : "ratings"}
      </p>
      <ul className="histogram" aria-label="Ratings by stars">
        {STARS.map((stars) => (
          <li key={stars}>
            <span>
              {stars} {stars === 1 ? "star" : "stars"}
            </span>
            <span className="histogram-bar" aria-hidden="true">
              <span style={{ width: `${most ? (histogram[stars] / most) * 100 : 0}%` }} />
            </span>
            <span>{histogram[stars]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReviewForm({ movieId }: { movieId: string }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState(0);
  const [body, setBody] = useState("");
  const post = useMutation({
    mutationFn: () => ok(api.reviews.$post({ json: { movieId, rating, body: body.trim() || null } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.reviews(movieId) }),
  });
  return (
    <form
      className="review-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        post.mutate();
      }}
    >
      <h3 id={`${id}-title`}>Write a review</h3>
      <fieldset className="stars">
        <legend>Your rating</legend>
        {[1, 2, 3, 4, 5].map((stars) => (
          <label key={stars}>
            <input
              type="radio"
              name={`${id}-rating`}
              value={stars}
              checked={rating === stars}
              onChange={() => setRating(stars)}
              required
            />
            {stars} {stars === 1 ? "star" : "stars"}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-body`}>Review (optional)</label>
        <textarea id={`${id}-body`} rows={4} maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      {post.isError && <Problem error={post.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={post.isPending || rating === 0}>
          Post review
        </button>
      </div>
    </form>
  );
}

/** Ratings, the reviews people wrote, and a form for one's own (the API refuses a second one with its reason). */
export function Reviews({ movieId }: { movieId: string }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const reviews = useQuery({
    queryKey: keys.reviews(movieId),
    queryFn: () => ok(api.movies[":id"].reviews.$get({ param: { id: movieId }, query: { limit: "20" } })),
  });
  const remove = useMutation({
    mutationFn: (id: string) => ok(api.reviews[":id"].$delete({ param: { id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.reviews(movieId) }),
  });
  const mine = reviews.data?.items.find((r) => r.author.id === session?.user.id);
  return (
    <section aria-labelledby="reviews-heading" className="reviews">
      <h2 id="reviews-heading">Ratings and reviews</h2>
      <Histogram movieId={movieId} />
      {reviews.isSuccess && !mine && <ReviewForm movieId={movieId} />}
      {reviews.isPending ? (
        <Skeleton rows={3} label="Loading reviews" />
      ) : reviews.isError ? (
        <Problem error={reviews.error} onRetry={() => reviews.refetch()} />
      ) : reviews.data.items.length === 0 ? (
        <p className="hint">No reviews yet.</p>
      ) : (
        <ul className="review-list">
          {reviews.data.items.map((review) => (
            <li key={review.id}>
              <p className="review-head">
                <strong>{review.author.name}</strong>{" "}
                <span role="img" aria-label={`${review.rating} out of 5 stars`}>
                  {"★".repeat(review.rating)}
                  {"☆".repeat(5 - review.rating)}
                </span>{" "}
                {review.verified && <span className="badge-verified">Watched it</span>}{" "}
                <time className="hint" dateTime={review.createdAt}>
                  {when(review.createdAt)}
                </time>
              </p>
              {review.body && <p className="review-body">{decodeEntities(review.body)}</p>}
              {review === mine && (
                <button
                  type="button"
                  className="link-button"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(review.id)}
                >
                  Delete my review
                </button>
              )}
              {session && review !== mine && <ReportReview reviewId={review.id} author={review.author.name} />}
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <Problem error={remove.error} />}
    </section>
  );
}
