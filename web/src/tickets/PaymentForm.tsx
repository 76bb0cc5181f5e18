import { useQuery } from "@tanstack/react-query";
import { Problem, Skeleton } from "../components/Problem";
import { money } from "../lib/format";
import { CardSource, useCardSource } from "./card-source";
import { fetchPaymentMethods, keys, type NewOrder, type SavedCard } from "./queries";

interface PaymentFormProps {
  holdId: string;
  total: number;
  paying: boolean;
  error: unknown;
  onPay: (order: NewOrder) => void;
}

/**
 * "Pay with": a saved card (the default one chosen) or a new card, and the Pay button with the
 * total. Only the payment source leaves here; the checkout sends it with the hold.
 */
export function PaymentForm(props: PaymentFormProps) {
  const methods = useQuery({ queryKey: keys.paymentMethods, queryFn: fetchPaymentMethods });
  if (methods.isPending) return <Skeleton rows={2} label="Loading your saved cards" />;
  if (methods.isError) return <Problem error={methods.error} onRetry={() => void methods.refetch()} />;
  return <PayWith saved={methods.data.items} {...props} />;
}

/** Rendered once the saved cards are known, so the default one starts chosen. */
function PayWith({ saved, holdId, total, paying, error, onPay }: PaymentFormProps & { saved: SavedCard[] }) {
  const source = useCardSource(saved);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (paying) return;
    const chosen = source.source();
    if (!chosen) return;
    onPay("paymentMethodId" in chosen ? { holdId, paymentMethodId: chosen.paymentMethodId } : { holdId, card: chosen.card });
  };
  return (
    <form className="checkout-pay" onSubmit={submit} noValidate aria-busy={paying}>
      <CardSource state={source} error={error} askHolderName />
      <div className="actions">
        <button type="submit" className="primary pay-button" disabled={paying}>
          Pay {money(total)}
        </button>
      </div>
      <p role="status">{paying ? "Paying… Keep this page open." : ""}</p>
    </form>
  );
}
