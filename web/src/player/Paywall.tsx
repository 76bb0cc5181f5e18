import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { ApiError } from "../api/problem";
import { featuresInWords } from "../billing/words";

type PaywallReason = "subscription_required" | "plan_upgrade_required";

/** A playback refused because the account's subscription does not include the title (402). */
export const isPaywall = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 402 && typeof error.body.reason === "string";

/** A playback refused because the plan's screens are all playing (409 too_many_streams). */
export const isTooManyStreams = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 409 && error.body.reason === "too_many_streams";

function includedWith(reason: PaywallReason, requiredFeatures: string[]): string {
  if (requiredFeatures.length === 0) return "This title is included with a Marquee subscription.";
  // featuresInWords ends with the plan's screens, which a title does not ask for.
  const features = featuresInWords({ features: requiredFeatures, maxStreams: 1 }).slice(0, -1);
  const plans = `a plan with ${features.join(" and ")}`;
  return reason === "plan_upgrade_required"
    ? `This title is included with ${plans}. Your plan does not include it yet.`
    : `This title is included with ${plans}.`;
}

/** What the player shows instead of an error when the title is behind the paywall: why, and where the plans are. */
export function Paywall({ error }: { error: ApiError }) {
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => link.current?.focus({ preventScroll: true }), []);
  const reason = error.body.reason === "plan_upgrade_required" ? "plan_upgrade_required" : "subscription_required";
  const required = Array.isArray(error.body.requiredFeatures) ? error.body.requiredFeatures.map(String) : [];
  const plansUrl =
    typeof error.body.plansUrl === "string" && error.body.plansUrl.startsWith("/") ? error.body.plansUrl : "/plans";
  return (
    <div className="player-message">
      <section className="paywall" aria-labelledby="paywall-heading">
        <h2 id="paywall-heading">{reason === "plan_upgrade_required" ? "Upgrade to watch" : "Subscribe to watch"}</h2>
        <p>{includedWith(reason, required)}</p>
        <Link ref={link} className="button primary" to={plansUrl}>
          See plans
        </Link>
      </section>
    </div>
  );
}

/** The plan's screens are all in use: which titles play, and a way to try again once one stops. */
export function TooManyStreams({ error, onRetry }: { error: ApiError; onRetry(): void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus({ preventScroll: true }), []);
  const max = Number(error.body.maxStreams) || 1;
  const playing = Array.isArray(error.body.playing) ? error.body.playing.map(String) : [];
  return (
    <div className="player-message">
      <section className="paywall" aria-labelledby="streams-heading" role="alert">
        <h2 id="streams-heading">Too many screens</h2>
        <p>
          Your plan plays {max === 1 ? "1 screen" : `${max} screens`} at once. Stop watching on another screen, then try again.
        </p>
        {playing.length > 0 && <p>Playing now: {playing.join(", ")}</p>}
        <button ref={button} type="button" onClick={onRetry}>
          Try again
        </button>
        <Link to="/plans">See plans with more screens</Link>
      </section>
    </div>
  );
}
