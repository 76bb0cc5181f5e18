import { useQuery } from "@tanstack/react-query";
import { Problem, Skeleton } from "../components/Problem";
import { money } from "../lib/format";
import { CardSource, useCardSource } from "../tickets/card-source";
import { useSubscribe } from "./mutations";
import { billingKeys, fetchPaymentMethods, type Plan } from "./queries";
import { day, pricePer } from "./words";

/** What starting the plan costs today, in words. */
export function firstCharge(plan: Plan, now = new Date()) {
  if (plan.trialDays === 0) return `You pay ${money(plan.price, plan.currency)} now, then ${pricePer(plan)}.`;
  const trialEnd = new Date(now.getTime() + plan.trialDays * 86_400_000).toISOString();
  return `Nothing to pay today. Your ${plan.trialDays}-day trial ends on ${day(trialEnd)}; then ${pricePer(plan)} unless you cancel.`;
}

/** Subscribing while signed in: a saved card (the default preselected) or a new one, which is saved for renewals. */
export function SubscribeForm({ plan, onCancel, onDone }: { plan: Plan; onCancel: () => void; onDone: () => void }) {
  const methods = useQuery({ queryKey: billingKeys.paymentMethods, queryFn: fetchPaymentMethods });
  const source = useCardSource(methods.data?.items);
  const subscribe = useSubscribe(onDone);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (subscribe.pending || !methods.data) return;
    const chosen = source.source();
    if (!chosen) return;
    subscribe.run(
      "paymentMethodId" in chosen
        ? { planId: plan.id, paymentMethodId: chosen.paymentMethodId }
        : { planId: plan.id, card: chosen.card },
    );
  };

  return (
    <form className="subscribe-form" onSubmit={submit} noValidate aria-busy={subscribe.pending}>
      <p>{firstCharge(plan)}</p>
      {methods.isPending && <Skeleton rows={2} label="Loading your saved cards" />}
      {methods.isError && <Problem error={methods.error} onRetry={() => void methods.refetch()} />}
      {methods.data && <CardSource state={source} error={subscribe.error} />}
      {subscribe.error != null && <Problem error={subscribe.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={subscribe.pending || !methods.data}>
          {plan.trialDays > 0 ? "Start free trial" : `Subscribe for ${money(plan.price, plan.currency)}`}
        </button>
        <button type="button" onClick={onCancel} disabled={subscribe.pending}>
          Not now
        </button>
      </div>
      <p role="status">{subscribe.pending ? "Subscribing… Keep this page open." : ""}</p>
    </form>
  );
}
