import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Problem, Skeleton } from "../components/Problem";

export const preferencesKey = ["me", "notification-preferences"];

const labels: Record<string, string> = {
  welcome: "Welcome to Marquee",
  password_changed: "My password is changed",
  order_confirmed: "My tickets are confirmed",
  order_refunded: "An order is refunded",
  showtime_cancelled: "A showtime I have tickets for is canceled",
  announcement: "Marquee sends an announcement",
  job_done: "A conversion of my video is ready",
  subscription_started: "My subscription starts",
  subscription_renewed: "My subscription renews",
  subscription_payment_failed: "A subscription payment fails",
  subscription_unpaid: "My subscription becomes unpaid",
  subscription_canceled: "My subscription is canceled or ends",
  points_earned: "I earn loyalty points",
  tier_changed: "My loyalty tier changes",
  reward_redeemed: "I redeem a reward",
};
export const labelOf = (kind: string) => labels[kind] ?? kind.replaceAll("_", " ");

/** Which notifications also come by email; security emails cannot be turned off. */
export function EmailPreferences() {
  const queryClient = useQueryClient();
  const [said, setSaid] = useState("");
  // What was just chosen, shown at once (in the same render as the click) while it is being saved.
  const [choice, setChoice] = useState<{ kind: string; on: boolean } | null>(null);
  const preferences = useQuery({
    queryKey: preferencesKey,
    queryFn: () => ok(api.me["notification-preferences"].$get()),
  });
  const change = useMutation({
    mutationFn: ({ kind, on }: { kind: string; on: boolean }) =>
      ok(api.me["notification-preferences"].$put({ json: { email: { [kind]: on } } })),
    onSuccess: (next, { kind, on }) => {
      queryClient.setQueryData(preferencesKey, next);
      setSaid(`Saved: ${on ? "email" : "no email"} when ${labelOf(kind).toLowerCase()}.`);
    },
  });
  return (
    <section aria-labelledby="email-preferences" className="account-section">
      <h2 id="email-preferences">Email notifications</h2>
      <p className="hint">Everything shows under the bell. Choose what also comes by email.</p>
      {preferences.isPending && <Skeleton rows={3} label="Loading your email choices" />}
      {preferences.isError && <Problem error={preferences.error} onRetry={() => preferences.refetch()} />}
      {change.isError && <Problem error={change.error} />}
      {preferences.data && (
        <fieldset className="preferences">
          <legend>Email me when…</legend>
          {Object.entries(preferences.data.email).map(([kind, on]) => {
            const mandatory = preferences.data.mandatory.includes(kind);
            return (
              <label key={kind} className="checkbox">
                <input
                  type="checkbox"
                  checked={(choice?.kind === kind ? choice.on : on) || mandatory}
                  disabled={mandatory || choice?.kind === kind}
                  onChange={(event) => {
                    const next = { kind, on: event.target.checked };
                    setChoice(next);
                    change.mutate(next, { onSettled: () => setChoice(null) });
                  }}
                />
                <span>
                  {labelOf(kind)}
                  {mandatory && <span className="hint"> (always sent, for your security)</span>}
                </span>
              </label>
            );
          })}
        </fieldset>
      )}
      <p role="status" className="hint">
        {said}
      </p>
    </section>
  );
}
