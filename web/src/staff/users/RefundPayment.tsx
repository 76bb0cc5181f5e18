import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { money } from "../../lib/format";
import { ConfirmDialog } from "../moderation/ConfirmDialog";
import { activityKeys, refundPayment, type UserPayment } from "./activity-queries";

/** What is still refundable on a payment. */
export const leftOf = (payment: UserPayment) => payment.amount - payment.refundedCents;

/**
 * Refund of a standalone payment (one that belongs to no order): all that is left of it, with a reason for
 * the audit log. The API refunds a payment once; a second attempt is a problem shown in the dialog.
 */
export function RefundPayment({
  userId,
  payment,
  onClose,
  onDone,
}: {
  userId: string;
  payment: UserPayment;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const left = leftOf(payment);
  const [reason, setReason] = useState("");
  const [showMistakes, setShowMistakes] = useState(false);
  const reasonMistake = reason.trim() ? "" : "Say why the payment is refunded.";

  const refund = useMutation({
    mutationFn: () => refundPayment(payment.id, reason.trim()),
    onSuccess: async () => {
      onDone(`Refunded ${money(left, payment.currency)} of ${payment.description}.`);
      await queryClient.invalidateQueries({ queryKey: activityKeys.payments(userId) });
    },
  });

  return (
    <ConfirmDialog
      open
      title={`Refund ${payment.description}?`}
      confirmLabel="Refund"
      busy={refund.isPending}
      error={refund.isError ? refund.error : undefined}
      onCancel={onClose}
      onConfirm={() => {
        setShowMistakes(true);
        if (!reasonMistake) refund.mutate();
      }}
    >
      <p>
        Paid {money(payment.amount, payment.currency)} with {payment.card.brand} ending {payment.card.last4}.{" "}
        {money(left, payment.currency)} goes back to that card, a credit note is issued and the loyalty points it earned are taken
        back.
      </p>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input
          id={`${id}-reason`}
          value={reason}
          maxLength={500}
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={showMistakes && !!reasonMistake}
          aria-describedby={showMistakes && reasonMistake ? `${id}-reason-error` : undefined}
        />
        {showMistakes && reasonMistake && (
          <small id={`${id}-reason-error`} className="field-error">
            {reasonMistake}
          </small>
        )}
      </div>
    </ConfirmDialog>
  );
}
