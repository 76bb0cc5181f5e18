import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { type OkBody, ok } from "../api/problem";
import { keys as ticketKeys } from "../tickets/queries";

export type Plan = OkBody<Awaited<ReturnType<typeof api.plans.$get>>>["items"][number];
export type Subscription = NonNullable<OkBody<Awaited<ReturnType<typeof api.me.subscription.$get>>>["subscription"]>;
export type Preview = OkBody<Awaited<ReturnType<typeof api.me.subscription.preview.$get>>>;
export type Invoice = OkBody<Awaited<ReturnType<typeof api.me.invoices.$get>>>["items"][number];
export type { SavedCard } from "../tickets/queries";
export type NewSubscription = Parameters<typeof api.me.subscription.$post>[0]["json"];
export type CardChanges = Parameters<(typeof api.me)["payment-methods"][":id"]["$patch"]>[0]["json"];
export type NewCardInput = Parameters<(typeof api.me)["payment-methods"]["$post"]>[0]["json"];

/**
 * One query key per resource. Saved cards share the checkout's key, so a card added here is
 * offered at the box office too (and the other way round).
 */
export const billingKeys = {
  plans: ["plans"] as const,
  subscription: ["me", "subscription"] as const,
  previews: ["me", "subscription", "preview"] as const,
  preview: (planId: string) => ["me", "subscription", "preview", planId] as const,
  invoices: ["me", "invoices"] as const,
  paymentMethods: ticketKeys.paymentMethods,
  entitlements: ["me", "entitlements"] as const,
};

export const fetchPlans = () => ok(api.plans.$get({ query: {} }));
export const fetchSubscription = async () => (await ok(api.me.subscription.$get())).subscription;
export const fetchPreview = (planId: string) => ok(api.me.subscription.preview.$get({ query: { planId } }));
export const fetchPaymentMethods = () => ok(api.me["payment-methods"].$get());

/** A subscription that has not ended: it is the one to change, fix or resume (the API allows one per account). */
export const isLive = (subscription: Subscription | null | undefined): subscription is Subscription =>
  !!subscription && subscription.status !== "canceled";

/** The person's invoices, newest first, a page at a time. */
export function useInvoicePages() {
  return useInfiniteQuery({
    queryKey: billingKeys.invoices,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => ok(api.me.invoices.$get({ query: { limit: "10", cursor: pageParam } })),
    getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
  });
}
