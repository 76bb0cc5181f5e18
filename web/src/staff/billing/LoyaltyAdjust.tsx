import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ApiError } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem } from "../../components/Problem";
import { type Account, searchAccounts, userKeys } from "../users/queries";
import { adjustPoints } from "./rewards-queries";

/** Finds the account: by its id, or by part of its name, email or username. */
function FindAccount({ onPick }: { onPick: (account: { id: string; label: string }) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const [asked, setAsked] = useState("");
  const found = useQuery({
    queryKey: userKeys.search({ q: asked, role: "", status: "active" }),
    queryFn: () => searchAccounts({ q: asked, role: "", status: "active" }),
    enabled: asked !== "",
  });
  const accounts: Account[] = found.data?.items ?? [];
  return (
    <search>
      <form
        className="billing-search"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked(text.trim());
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-q`}>Find the account</label>
          <input
            id={`${id}-q`}
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={`${id}-hint`}
            autoComplete="off"
            spellCheck={false}
          />
          <small id={`${id}-hint`} className="hint">
            Part of a name, email or username.
          </small>
        </div>
        <button type="submit">Find</button>
      </form>
      {found.isError && <Problem error={found.error} onRetry={() => void found.refetch()} />}
      <p role="status" className="hint">
        {found.isSuccess ? (accounts.length === 0 ? "No account matches." : `${accounts.length} found: choose one.`) : ""}
      </p>
      {accounts.length > 0 && (
        <ul className="account-picks">
          {accounts.map((account) => (
            <li key={account.id}>
              <button type="button" onClick={() => onPick({ id: account.id, label: `${account.name} (${account.email})` })}>
                {account.name} <span className="hint">{account.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </search>
  );
}

/** `/staff/billing/loyalty`: adds or takes away points for one account, with the reason the ledger keeps. */
export function LoyaltyAdjust() {
  const id = useId();
  const [account, setAccount] = useState<{ id: string; label: string } | null>(null);
  const [pointsText, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [checked, setChecked] = useState(false);
  const [said, setSaid] = useState("");
  const adjust = useMutation({
    mutationFn: ({ userId, points, why }: { userId: string; points: number; why: string }) => adjustPoints(userId, points, why),
    onMutate: () => setSaid(""),
    onSuccess: (entry) => {
      setSaid(
        `${entry.points > 0 ? "Added" : "Took away"} ${Math.abs(entry.points).toLocaleString()} points for ${account?.label}.`,
      );
      setPoints("");
      setReason("");
      setChecked(false);
    },
  });
  const apiError = (path: string) =>
    adjust.error instanceof ApiError && adjust.error.status === 400 ? fieldError(adjust.error, path) : undefined;
  const points = /^[+-−]?\d+$/.test(pointsText.trim()) ? Number(pointsText.trim().replace("−", "-")) : Number.NaN;
  const problems = {
    points: Number.isInteger(points) && points !== 0 ? undefined : "Whole points, not 0: 500 adds, -500 takes away",
    reason: reason.trim() ? undefined : "Say why: the person sees it in their history",
  };
  return (
    <>
      <h2>Loyalty points</h2>
      <p className="hint">Adjustments go into the account's points history with your reason; the balance follows.</p>
      {account ? (
        <p>
          Adjusting <strong>{account.label}</strong>{" "}
          <button type="button" onClick={() => setAccount(null)}>
            Another account
          </button>
        </p>
      ) : (
        <FindAccount onPick={setAccount} />
      )}
      {account && (
        <form
          className="adjust-form"
          noValidate
          aria-labelledby={`${id}-h`}
          onSubmit={(event) => {
            event.preventDefault();
            setChecked(true);
            if (problems.points || problems.reason) return;
            adjust.mutate({ userId: account.id, points, why: reason.trim() });
          }}
        >
          <h3 id={`${id}-h`}>Adjust points</h3>
          <Field
            label="Points (+ adds, − takes away)"
            inputMode="numeric"
            value={pointsText}
            onChange={(event) => setPoints(event.target.value)}
            error={(checked ? problems.points : undefined) ?? apiError("points")}
          />
          <Field
            label="Reason"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={(checked ? problems.reason : undefined) ?? apiError("reason")}
          />
          {adjust.isError && <Problem error={adjust.error} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={adjust.isPending}>
              {adjust.isPending ? "Saving…" : "Adjust points"}
            </button>
          </div>
        </form>
      )}
      <p role="status">{said}</p>
    </>
  );
}
