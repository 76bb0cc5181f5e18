import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Problem, Skeleton } from "../components/Problem";
import type { Me } from "./AccountDetails";
import { labelOf, preferencesKey } from "./EmailPreferences";

type SmsKind = "order_confirmed" | "showtime_cancelled";

/** Which notifications also come as a text message; only to a verified number, so the boxes wait for one. */
export function SmsPreferences({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [said, setSaid] = useState("");
  // What was just chosen, shown at once while it is being saved (as the email boxes do).
  const [choice, setChoice] = useState<{ kind: SmsKind; on: boolean } | null>(null);
  const preferences = useQuery({
    queryKey: preferencesKey,
    queryFn: () => ok(api.me["notification-preferences"].$get()),
  });
  const change = useMutation({
    mutationFn: ({ kind, on }: { kind: SmsKind; on: boolean }) =>
      ok(api.me["notification-preferences"].$put({ json: { sms: { [kind]: on } } })),
    onMutate: () => setSaid(""),
    onSuccess: (next, { kind, on }) => {
      queryClient.setQueryData(preferencesKey, next);
      setSaid(`Saved: ${on ? "a text message" : "no text message"} when ${labelOf(kind).toLowerCase()}.`);
    },
  });
  const verified = Boolean(me.phone);
  return (
    <section aria-labelledby="sms-preferences" className="account-section">
      <h2 id="sms-preferences">Text messages</h2>
      {preferences.isPending && <Skeleton rows={2} label="Loading your text message choices" />}
      {preferences.isError && <Problem error={preferences.error} onRetry={() => preferences.refetch()} />}
      {change.isError && <Problem error={change.error} />}
      {preferences.data && (
        <fieldset className="preferences" aria-describedby="sms-hint">
          <legend>Text me when…</legend>
          <p id="sms-hint" className="hint">
            {verified ? `Sent to ${me.phone}.` : "Add and verify a mobile number above to choose text messages."}
          </p>
          {(Object.entries(preferences.data.sms) as [SmsKind, boolean][]).map(([kind, on]) => (
            <label key={kind} className="checkbox">
              <input
                type="checkbox"
                checked={choice?.kind === kind ? choice.on : on}
                disabled={!verified || choice?.kind === kind}
                onChange={(event) => {
                  const next = { kind, on: event.target.checked };
                  setChoice(next);
                  change.mutate(next, { onSettled: () => setChoice(null) });
                }}
              />
              <span>{labelOf(kind)}</span>
            </label>
          ))}
        </fieldset>
      )}
      <p role="status" className="hint">
        {said}
      </p>
    </section>
  );
}
