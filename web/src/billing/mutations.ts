import { type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { api } from "../api/client";
import { ApiError, ok } from "../api/problem";
import { checkoutKey, fingerprint, forgetKey, markSent, renewKey } from "../tickets/checkout-key";
import { billingKeys, fetchSubscription, isLive, type NewSubscription, type Subscription } from "./queries";

/**
 * Sends a write that moves money with the attempt's one Idempotency-Key (the checkout's key
 * store, keyed by `attempt`): a double click, a retry after a lost answer and a reload send the
 * same key, so the API charges once. A different request after an unclear outcome gets a new
 * key only once the subscription shows the earlier one did not go through.
 */
async function sendOnce(
  attempt: string,
  body: unknown,
  done: (subscription: Subscription | null) => Subscription | undefined,
  send: (key: string) => Promise<Subscription>,
): Promise<Subscription> {
  const stored = checkoutKey(attempt);
  const print = await fingerprint(body);
  if (stored.sent !== null && stored.sent !== print) {
    const earlier = done(await fetchSubscription());
    if (earlier) return earlier;
    renewKey(attempt);
  }
  const { key } = checkoutKey(attempt);
  markSent(attempt, print);
  return send(key);
}

/** Everything a subscription change can touch: the subscription, its cards, its invoices, what may be watched. */
export function refreshAfter(queryClient: QueryClient, subscription: Subscription) {
  // Previews priced the old plan and period: none of them holds any more.
  queryClient.removeQueries({ queryKey: billingKeys.previews });
  queryClient.setQueryData(billingKeys.subscription, subscription);
  void queryClient.invalidateQueries({ queryKey: billingKeys.subscription, exact: true });
  void queryClient.invalidateQueries({ queryKey: billingKeys.paymentMethods });
  void queryClient.invalidateQueries({ queryKey: billingKeys.invoices });
  void queryClient.invalidateQueries({ queryKey: billingKeys.entitlements });
}

/** One request at a time (set from the click on, before React re-renders the button disabled). */
function useMoneyMutation<V>(
  attemptOf: (vars: V) => string,
  mutationFn: (vars: V) => Promise<Subscription>,
  onDone?: () => void,
) {
  const queryClient = useQueryClient();
  const busy = useRef(false);
  const mutation = useMutation({
    mutationFn,
    onSuccess: (subscription, vars) => {
      forgetKey(attemptOf(vars));
      refreshAfter(queryClient, subscription);
      onDone?.();
    },
    onError: (error, vars) => {
      if (!(error instanceof ApiError)) return;
      // Definite answers: a decline (402) or input the API refused (400) is never charged under the key.
      if (error.status === 402 || error.status === 400) renewKey(attemptOf(vars));
      if (error.status === 409) void queryClient.invalidateQueries({ queryKey: billingKeys.subscription });
    },
    onSettled: () => {
      busy.current = false;
    },
  });
  const run = (vars: V) => {
    if (busy.current) return;
    busy.current = true;
    mutation.mutate(vars);
  };
  return { run, pending: mutation.isPending, error: mutation.error, reset: mutation.reset };
}

const subscribeAttempt = (body: NewSubscription) => `subscribe.${body.planId}`;

/** Starts a subscription (a trial, or the first period charged). */
export function useSubscribe(onDone?: () => void) {
  return useMoneyMutation(
    subscribeAttempt,
    (body: NewSubscription) =>
      sendOnce(
        subscribeAttempt(body),
        body,
        (current) => (isLive(current) && current.plan.id === body.planId ? current : undefined),
        (key) => ok(api.me.subscription.$post({ json: body, header: { "idempotency-key": key } })),
      ),
    onDone,
  );
}

const changeAttempt = (vars: { subscriptionId: string; planId: string }) => `change.${vars.subscriptionId}.${vars.planId}`;

/** Moves to another plan: an upgrade now (charged pro rata), a downgrade at the period's end. */
export function useChangePlan(onDone?: () => void) {
  return useMoneyMutation(
    changeAttempt,
    (vars: { subscriptionId: string; planId: string }) =>
      sendOnce(
        changeAttempt(vars),
        { planId: vars.planId },
        (current) =>
          current && (current.plan.id === vars.planId || current.pendingPlan?.id === vars.planId) ? current : undefined,
        (key) => ok(api.me.subscription.change.$post({ json: { planId: vars.planId }, header: { "idempotency-key": key } })),
      ),
    onDone,
  );
}
