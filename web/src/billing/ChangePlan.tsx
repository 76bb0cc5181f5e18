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
  const staying = plan.id === subscription.plan.id;
  const summary = (data: NonNullable<typeof preview.data>) => {
    if (staying)
      return `You stay on ${plan.name}; the move to ${subscription.pendingPlan?.name ?? "another plan"} is called off.`;
    if (data.effective === "period_end")
      return `From ${day(data.periodEnd)} you move to ${plan.name}. Nothing changes until then.`;
    if (data.amountDue === 0) return `Nothing to pay now: you move to ${plan.name} at once.`;
    return `You pay ${money(data.amountDue, data.currency)} now for the rest of this period, and move to ${plan.name} at once.`;
  };
  const confirmLabel = () => {
    if (staying) return `Stay on ${plan.name}`;
    if (now && preview.data && preview.data.amountDue > 0)
      return `Pay ${money(preview.data.amountDue, preview.data.currency)} and switch`;
    return `Switch to ${plan.name}`;
  };
  return (
    <div className="change-plan">
      {preview.isPending && <Skeleton rows={2} label="Working out what the change costs" />}
      {preview.isError && <Problem error={preview.error} onRetry={() => void preview.refetch()} />}
      {preview.data && <p className="change-summary">{summary(preview.data)}</p>}
      {change.error != null && <Problem error={change.error} />}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!preview.data || change.pending}
          onClick={() => change.run({ subscriptionId: subscription.id, planId: plan.id })}
        >
          {confirmLabel()}
        </button>
        <button type="button" onClick={onCancel} disabled={change.pending}>
          {staying ? "Never mind" : `Keep ${subscription.plan.name}`}
        </button>
      </div>
      <p role="status">{change.pending ? "Changing your plan…" : ""}</p>
    </div>
  );
}
