import { useId } from "react";
import { type Loyalty, points, tierName } from "./queries";

const THRESHOLDS: Record<string, number> = { silver: 1_000, gold: 5_000 };

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });

/** Balance, tier, progress to the next tier (points earned in the last 12 months), benefits and what expires next. */
export function Standing({ loyalty }: { loyalty: Loyalty }) {
  const id = useId();
  const next = loyalty.nextTier;
  // The API gives what is missing; the goal is what has been earned plus that (tiers count the last 12 months).
  const goal =
    next && loyalty.pointsToNextTier !== null
      ? loyalty.earnedLast12Months + loyalty.pointsToNextTier
      : next
        ? THRESHOLDS[next]
        : undefined;
  const progressText = next && goal ? `${points(loyalty.earnedLast12Months)} of ${points(goal)} points to ${tierName(next)}` : "";
  return (
    <section className={`loyalty-card loyalty-standing tier-${loyalty.tier}`} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{loyalty.tierName || tierName(loyalty.tier)} member</h2>
      <p className="loyalty-balance">
        <strong>{points(loyalty.balance)}</strong> points to spend
      </p>
      {next && goal ? (
        <div className="loyalty-progress">
          <label htmlFor={`${id}-progress`}>{progressText}</label>
          <progress
            id={`${id}-progress`}
            max={goal}
            value={Math.min(loyalty.earnedLast12Months, goal)}
            aria-valuetext={progressText}
          />
          <small className="hint">Tiers count the points earned in the last 12 months.</small>
        </div>
      ) : (
        <p>You are in the top tier. Keep earning to stay there: tiers count the points earned in the last 12 months.</p>
      )}
      <h3>Your benefits</h3>
      {loyalty.benefits.length > 0 ? (
        <ul className="loyalty-benefits">
          {loyalty.benefits.map((benefit) => (
            <li key={benefit}>{benefit}</li>
          ))}
        </ul>
      ) : (
        <p>Points on every ticket and subscription payment.</p>
      )}
      <p className="hint">
        You earn {points(loyalty.pointsPerUnit)} points for every 1.00 spent on tickets and subscriptions.
        {loyalty.memberSince && ` Member since ${day(loyalty.memberSince)}.`}
      </p>
      {loyalty.expiringNext ? (
        <p className="notice">
          {points(loyalty.expiringNext.points)} points expire on{" "}
          <time dateTime={loyalty.expiringNext.at}>{day(loyalty.expiringNext.at)}</time>.
        </p>
      ) : (
        <p className="hint">No points are due to expire. Points expire 12 months after they were earned.</p>
      )}
    </section>
  );
}
