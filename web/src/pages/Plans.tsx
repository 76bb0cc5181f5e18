import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useSession } from "../api/session";
import { ChangePlan } from "../billing/ChangePlan";
import { useFocusOnMount } from "../billing/focus";
import { PlanCard } from "../billing/PlanCard";
import { billingKeys, fetchPlans, fetchSubscription, isLive, type Plan, type Subscription } from "../billing/queries";
import { SubscribeForm } from "../billing/SubscribeForm";
import { day } from "../billing/words";
import { Problem, Skeleton } from "../components/Problem";
import "../billing/billing.css";

/** Cost per day, to tell an upgrade from a downgrade across monthly and yearly plans (as the API does). */
const perDay = (plan: Plan) => plan.price / (plan.interval === "year" ? 365 : 30);

/** A form opened inside a plan's card: its heading takes the focus, so a keyboard or screen reader lands on it. */
function Opened({ title, children }: { title: string; children: React.ReactNode }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="plan-action" aria-label={title}>
      <h3 ref={heading} tabIndex={-1}>
        {title}
      </h3>
      {children}
    </section>
  );
}

function markOf(plan: Plan, subscription: Subscription | null | undefined) {
  if (!isLive(subscription)) return undefined;
  if (subscription.plan.id === plan.id) return "Your plan";
  if (subscription.pendingPlan?.id === plan.id) return `From ${day(subscription.currentPeriodEnd)}`;
  return undefined;
}

/** The plans on offer; subscribe, or move to another plan with its cost shown first. */
export default function PlansPage() {
  const session = useSession();
  const navigate = useNavigate();
  const plans = useQuery({ queryKey: billingKeys.plans, queryFn: fetchPlans });
  const current = useQuery({ queryKey: billingKeys.subscription, queryFn: fetchSubscription, enabled: !!session });
  const [opened, setOpened] = useState<string | null>(null);
  const [changed, setChanged] = useState("");
  const subscription = current.data;
  const live = isLive(subscription) ? subscription : null;

  const actionFor = (plan: Plan) => {
    const name = <span className="visually-hidden"> to {plan.name}</span>;
    if (!session) {
      return (
        <Link className="button primary" to={`/sign-up?plan=${encodeURIComponent(plan.id)}`}>
          Subscribe{name}
        </Link>
      );
    }
    if (current.isPending || current.isError) return null;
    if (!live) {
      if (opened === plan.id) {
        return (
          <Opened title={`Subscribe to ${plan.name}`}>
            <SubscribeForm plan={plan} onCancel={() => setOpened(null)} onDone={() => navigate("/account/billing")} />
          </Opened>
        );
      }
      return (
        <button type="button" className="primary" onClick={() => setOpened(plan.id)}>
          Subscribe{name}
        </button>
      );
    }
    // A failed payment is settled on Billing first (the API refuses plan changes until then).
    if (live.status === "past_due" || live.status === "unpaid") return null;
    if (live.pendingPlan?.id === plan.id || (live.plan.id === plan.id && !live.pendingPlan)) return null;
    const verb = live.plan.id === plan.id ? "Stay on" : perDay(plan) > perDay(live.plan) ? "Upgrade" : "Downgrade";
    const label =
      verb === "Stay on" ? (
        <>Stay on {plan.name}</>
      ) : (
        <>
          {verb}
          {name}
        </>
      );
    if (opened === plan.id) {
      return (
        <Opened title={verb === "Stay on" ? `Stay on ${plan.name}` : `${verb} to ${plan.name}`}>
          <ChangePlan
            subscription={live}
            plan={plan}
            onCancel={() => setOpened(null)}
            onDone={() => {
              setOpened(null);
              setChanged(
                verb === "Downgrade"
                  ? `Done: you move to ${plan.name} at the end of this period.`
                  : `Done: you are on ${plan.name} now.`,
              );
            }}
          />
        </Opened>
      );
    }
    return (
      <button type="button" onClick={() => setOpened(plan.id)}>
        {label}
      </button>
    );
  };

  return (
    <main id="main" className="page plans-page">
      <h1>Plans</h1>
      <p>Stream the catalog on any device. Change or cancel whenever you like.</p>
      {live && (live.status === "past_due" || live.status === "unpaid") ? (
        <p className="problem" role="alert">
          Your last payment for {live.plan.name} failed. <Link to="/account/billing">Update your card on Billing</Link> to settle
          it; then you can change plans.
        </p>
      ) : (
        live && (
          <p>
            You are on {live.plan.name}. <Link to="/account/billing">Billing</Link> shows your next charge and invoices.
          </p>
        )
      )}
      <p role="status">{changed}</p>
      {session && current.isError && <Problem error={current.error} onRetry={() => void current.refetch()} />}
      {plans.isPending && <Skeleton rows={6} label="Loading the plans" />}
      {plans.isError && <Problem error={plans.error} onRetry={() => void plans.refetch()} />}
      {plans.data && plans.data.items.length === 0 && <p>There are no plans on offer right now. Come back soon.</p>}
      {plans.data && (
        <div className="plan-grid">
          {plans.data.items.map((plan) => (
            <PlanCard key={plan.id} plan={plan} mark={markOf(plan, subscription)}>
              {actionFor(plan)}
            </PlanCard>
          ))}
        </div>
      )}
    </main>
  );
}
