import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useNavigate } from "react-router";
import { api } from "../api/client";
import { ApiError, ok } from "../api/problem";
import { checkoutKey, fingerprint, forgetKey, markSent, renewKey } from "./checkout-key";
import { fetchHold, findPaidOrder, keys, type NewOrder, type Order } from "./queries";

const STILL_PAYING = "Your earlier payment is still being processed. Wait a moment; this page updates when it is done.";

/**
 * Sends the order with the checkout's one Idempotency-Key. A new key is used only when the last
 * answer was definite (a decline, a refused card), or when the person changed how they pay after
 * an unclear outcome and the API says the hold is not being paid for — then no charge can be
 * under way for it, so a new request cannot charge twice.
 */
async function sendOrder(body: NewOrder): Promise<Order> {
  const stored = checkoutKey(body.holdId);
  const print = await fingerprint(body);
  if (stored.sent !== null && stored.sent !== print) {
    const hold = await fetchHold(body.holdId);
    if (hold.status === "sold") {
      const order = await findPaidOrder(hold);
      if (order) return order;
    }
    if (hold.status === "paying") throw new ApiError(409, STILL_PAYING);
    renewKey(body.holdId);
  }
  const { key } = checkoutKey(body.holdId);
  markSent(body.holdId, print);
  return ok(api.orders.$post({ json: body, header: { "idempotency-key": key } }));
}

/** Paying for a hold: one request at a time, and to the order page when it is paid. */
export function usePay(holdId: string, showtimeId: string | undefined) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  /** Set from the click on, before React re-renders the button disabled (a double click lands in between). */
  const busy = useRef(false);
  const mutation = useMutation({
    mutationFn: sendOrder,
    onSuccess: (order) => {
      forgetKey(holdId);
      queryClient.setQueryData(keys.order(order.id), order);
      void queryClient.invalidateQueries({ queryKey: keys.myTickets });
      void queryClient.invalidateQueries({ queryKey: keys.myOrders });
      if (showtimeId) void queryClient.invalidateQueries({ queryKey: keys.seats(showtimeId) });
      navigate(`/orders/${order.id}`);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      // Definite answers: a decline (402) or a card the API refused (400, never stored under the key).
      if (error.status === 402 || error.status === 400) renewKey(holdId);
      // The hold ended (410) or changed (409): what the hold is now decides what the page shows.
      if (error.status === 410 || error.status === 409 || error.status === 404) {
        void queryClient.invalidateQueries({ queryKey: keys.hold(holdId) });
      }
    },
    onSettled: () => {
      busy.current = false;
    },
  });
  const pay = (body: NewOrder) => {
    if (busy.current) return;
    busy.current = true;
    mutation.mutate(body);
  };
  return { pay, paying: mutation.isPending, error: mutation.error, reset: mutation.reset };
}
