import { useQuery } from "@tanstack/react-query";
import { Problem, Skeleton } from "../components/Problem";
import { money } from "../lib/format";
import { useChangePlan } from "./mutations";
import { billingKeys, fetchPreview, type Plan, type Subscription } from "./queries";
import { day } from "./words";

/** Switching plans: what it costs and when it happens (the API's preview) first, then confirm. */
export function ChangePlan({
  subscription,
  plan,
  onCancel,
  onDone,
}: {
  subscription: Subscription;
  plan: Plan;
  onCancel: () => void;
  onDone: () => void;
}) {
  const preview = useQuery({ queryKey: billingKeys.preview(plan.id), queryFn: () => fetchPreview(plan.id), staleTime: 0 });
  const change = useChangePlan(onDone);
  const now = preview.data?.effective === "now";
  return (
    <div className="change-plan">
      {preview.isPending && <Skeleton rows={2} label="Working out what the change costs" />}
      {preview.isError && <Problem error={preview.error} onRetry={() => void preview.refetch()} />}
      {preview.data && (
        <p className="change-summary">
          {now
            ? `You pay ${money(preview.data.amountDue, preview.data.currency)} now for the rest of this period, and move to ${plan.name} at once.`
            : `From ${day(preview.data.periodEnd)} you move to ${plan.name}. Nothing changes until then.`}
        </p>
      )}
      {change.error != null && <Problem error={change.error} />}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!preview.data || change.pending}
          onClick={() => change.run({ subscriptionId: subscription.id, planId: plan.id })}
        >
          {now ? `Pay ${money(preview.data?.amountDue ?? 0, preview.data?.currency)} and switch` : `Switch to ${plan.name}`}
        </button>
        <button type="button" onClick={onCancel} disabled={change.pending}>
          Keep {subscription.plan.name}
        </button>
      </div>
      <p role="status">{change.pending ? "Changing your plan…" : ""}</p>
    </div>
  );
}
