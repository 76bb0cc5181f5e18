import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { ConfirmDialog } from "../../staff/moderation/ConfirmDialog";

/**
 * "Report" on someone else's review: a dialog asks why, and the moderators see the report in the staff console.
 * Reporting twice counts once (the API answers the first report again).
 */
export function ReportReview({ reviewId, author }: { reviewId: string; author: string }) {
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [showMistake, setShowMistake] = useState(false);
  const [said, setSaid] = useState("");
  const report = useMutation({
    mutationFn: () => ok(api.reviews[":id"].report.$post({ param: { id: reviewId }, json: { reason: reason.trim() } })),
    onSuccess: () => {
      setAsking(false);
      setSaid("Thanks: the moderators will look at this review.");
    },
  });
  const mistake = reason.trim() ? "" : "Say what is wrong with this review.";
  return (
    <>
      {said ? (
        <p role="status" className="hint">
          {said}
        </p>
      ) : (
        <button
          type="button"
          className="link-button"
          aria-label={`Report ${author}'s review`}
          onClick={() => {
            report.reset();
            setShowMistake(false);
            setAsking(true);
          }}
        >
          Report
        </button>
      )}
      <ConfirmDialog
        open={asking}
        title={`Report ${author}'s review?`}
        confirmLabel="Report review"
        busy={report.isPending}
        error={report.isError ? report.error : undefined}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setShowMistake(true);
          if (!mistake) report.mutate();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason</label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-invalid={showMistake && !!mistake}
            aria-describedby={`${id}-hint${showMistake && mistake ? ` ${id}-error` : ""}`}
          />
          <small id={`${id}-hint`} className="hint">
            Spoilers, abuse, spam… The moderators read it; the author does not.
          </small>
          {showMistake && mistake && (
            <small id={`${id}-error`} className="field-error">
              {mistake}
            </small>
          )}
        </div>
      </ConfirmDialog>
    </>
  );
}
