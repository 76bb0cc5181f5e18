import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Problem, Skeleton } from "../components/Problem";
import { money } from "../lib/format";
import { savedCardName } from "../tickets/card";
import { CardSource, useCardSource } from "../tickets/card-source";
import { useFocusOnMount } from "./focus";
import { refreshAfter } from "./mutations";
import { billingKeys, fetchPaymentMethods, fetchSubscription, isLive, type Subscription } from "./queries";
import { day, pricePer, statusInWords } from "./words";

/** Writes that change the subscription answer the subscription: it replaces the cached one. */
function useSubscriptionWrite<V>(write: (vars: V) => Promise<Subscription>, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (subscription) => {
      refreshAfter(queryClient, subscription);
      onDone?.();
    },
  });
}

/** "Use another card": a saved one, or a new one saved first; in dunning the API retries the charge at once. */
function RenewWith({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const methods = useQuery({ queryKey: billingKeys.paymentMethods, queryFn: fetchPaymentMethods });
  const others = methods.data?.items.filter((m) => m.id !== subscription.paymentMethod?.id);
  const source = useCardSource(others);
  const update = useSubscriptionWrite(async (chosen: NonNullable<ReturnType<typeof source.source>>) => {
    const paymentMethodId =
      "paymentMethodId" in chosen
        ? chosen.paymentMethodId
        : (await ok(api.me["payment-methods"].$post({ json: { card: chosen.card, holderName: chosen.holderName } }))).id;
    return ok(api.me.subscription["payment-method"].$put({ json: { paymentMethodId } }));
  }, onClose);
  const retries = subscription.status === "past_due" || subscription.status === "unpaid";
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <form
      className="subscribe-form renew-with"
      aria-labelledby="renew-with-heading"
      noValidate
      aria-busy={update.isPending}
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = !update.isPending && methods.data ? source.source() : undefined;
        if (chosen) update.mutate(chosen);
      }}
    >
      <h3 id="renew-with-heading" ref={heading} tabIndex={-1}>
        Use another card
      </h3>
      {methods.isPending && <Skeleton rows={2} label="Loading your saved cards" />}
      {methods.isError && <Problem error={methods.error} onRetry={() => void methods.refetch()} />}
      {methods.data && <CardSource state={source} legend="Renew with" error={update.error} askHolderName />}
      {retries && <p>We will try the payment again with this card straight away.</p>}
      {update.isError && <Problem error={update.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={update.isPending || !methods.data}>
          {retries ? "Use this card and pay" : "Use this card"}
        </button>
        <button type="button" onClick={onClose} disabled={update.isPending}>
          Keep the current card
        </button>
      </div>
    </form>
  );
}

function ConfirmCancel({
  subscription,
  pending,
  onConfirm,
  onKeep,
}: {
  subscription: Subscription;
  pending: boolean;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  const first = useFocusOnMount<HTMLButtonElement>();
  return (
    <section className="confirm-box" aria-label="Cancel subscription">
      <p>
        Cancel {subscription.plan.name}? You keep watching until {day(subscription.currentPeriodEnd)}, and you are not charged
        again.
      </p>
      <div className="actions">
        <button ref={first} type="button" className="danger" disabled={pending} onClick={onConfirm}>
          Cancel at period end
        </button>
        <button type="button" onClick={onKeep}>
          Keep my subscription
        </button>
      </div>
    </section>
  );
}

/** The subscription: its state in words, the next charge, the plan and card it renews with, and what can be done. */
export function SubscriptionPanel() {
  const current = useQuery({ queryKey: billingKeys.subscription, queryFn: fetchSubscription });
  const [confirming, setConfirming] = useState(false);
  const [changingCard, setChangingCard] = useState(false);
  const [said, setSaid] = useState("");
  const cancel = useSubscriptionWrite(
    () => ok(api.me.subscription.cancel.$post()),
    () => {
      setConfirming(false);
      setSaid("Your subscription will end at the close of this period.");
    },
  );
  const resume = useSubscriptionWrite(
    () => ok(api.me.subscription.resume.$post()),
    () => setSaid("Your subscription renews again."),
  );

  const subscription = current.data;
  return (
    <section className="billing-section" aria-labelledby="subscription-heading">
      <h2 id="subscription-heading">Subscription</h2>
      {current.isPending && <Skeleton rows={3} label="Loading your subscription" />}
      {current.isError && <Problem error={current.error} onRetry={() => void current.refetch()} />}
      {current.data === null && (
        <p>
          You have no subscription. <Link to="/plans">See the plans</Link>
        </p>
      )}
      {subscription && (
        <>
          <dl className="billing-facts">
            <dt>Plan</dt>
            <dd>
              {subscription.plan.name} · {pricePer(subscription.plan)}
            </dd>
            <dt>Status</dt>
            <dd
              className={
                subscription.status === "past_due" || subscription.status === "unpaid"
                  ? "subscription-status warn"
                  : "subscription-status"
              }
            >
              {statusInWords(subscription)}
            </dd>
            {isLive(subscription) && (
              <>
                <dt>Next charge</dt>
                <dd>
                  {subscription.nextCharge
                    ? `${money(subscription.nextCharge.amount, subscription.nextCharge.currency)} on ${day(subscription.nextCharge.at)}`
                    : "None: it will not renew"}
                </dd>
                {subscription.pendingPlan && (
                  <>
                    <dt>Changing to</dt>
                    <dd>
                      From {day(subscription.currentPeriodEnd)} you move to {subscription.pendingPlan.name}
                    </dd>
                  </>
                )}
                <dt>Renews with</dt>
                <dd>{subscription.paymentMethod ? savedCardName(subscription.paymentMethod) : "No card"}</dd>
              </>
            )}
          </dl>
          <p role="status">{said}</p>
          {cancel.isError && <Problem error={cancel.error} />}
          {resume.isError && <Problem error={resume.error} />}
          {isLive(subscription) ? (
            <>
              <div className="actions">
                <Link className="button" to="/plans">
                  Change plan
                </Link>
                {subscription.cancelAtPeriodEnd ? (
                  <button type="button" className="primary" disabled={resume.isPending} onClick={() => resume.mutate(undefined)}>
                    Resume subscription
                  </button>
                ) : (
                  !confirming && (
                    <button type="button" onClick={() => setConfirming(true)}>
                      Cancel subscription
                    </button>
                  )
                )}
                {!changingCard && (
                  <button type="button" onClick={() => setChangingCard(true)}>
                    Use another card
                  </button>
                )}
              </div>
              {confirming && !subscription.cancelAtPeriodEnd && (
                <ConfirmCancel
                  subscription={subscription}
                  pending={cancel.isPending}
                  onConfirm={() => cancel.mutate(undefined)}
                  onKeep={() => setConfirming(false)}
                />
              )}
              {changingCard && <RenewWith subscription={subscription} onClose={() => setChangingCard(false)} />}
            </>
          ) : (
            <p className="actions">
              <Link className="button primary" to="/plans">
                Choose a plan
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
