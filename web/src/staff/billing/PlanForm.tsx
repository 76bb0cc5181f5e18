import { useId, useState } from "react";
import { ApiError } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem } from "../../components/Problem";
import { type NewPlan, type Plan, parseAmount } from "./queries";

const CURRENCIES = ["usd", "eur", "gbp"] as const;

interface Draft {
  name: string;
  description: string;
  price: string;
  currency: (typeof CURRENCIES)[number];
  interval: "month" | "year";
  trialDays: string;
  features: string;
  maxStreams: string;
}

const draftOf = (plan?: Plan): Draft => ({
  name: plan?.name ?? "",
  description: plan?.description ?? "",
  price: plan ? (plan.price / 100).toFixed(2) : "",
  currency: (plan?.currency as Draft["currency"]) ?? "usd",
  interval: plan?.interval ?? "month",
  trialDays: String(plan?.trialDays ?? 0),
  features: plan?.features.join(", ") ?? "",
  maxStreams: String(plan?.maxStreams ?? 1),
});

const wholeIn = (text: string, min: number, max: number) => {
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max;
};

/**
 * A plan's fields, for a new plan or changing one (currency and interval are fixed once subscribers
 * exist, so editing leaves them out). Features are words such as hd or premium_titles, comma separated.
 */
export function PlanForm({
  plan,
  busy,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  plan?: Plan;
  busy: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (body: NewPlan) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(plan));
  const [checked, setChecked] = useState(false);
  const apiError = (path: string) => (error instanceof ApiError && error.status === 400 ? fieldError(error, path) : undefined);
  const price = parseAmount(draft.price);
  const features = draft.features
    .split(/[\s,]+/)
    .map((word) => word.trim())
    .filter(Boolean);
  const problems = {
    name: draft.name.trim() ? undefined : "Name the plan",
    price: price === undefined || price < 50 ? "An amount of at least 0.50" : undefined,
    trialDays: wholeIn(draft.trialDays, 0, 365) ? undefined : "Whole days, 0 to 365",
    maxStreams: wholeIn(draft.maxStreams, 1, 10) ? undefined : "1 to 10 streams",
    features: features.every((f) => /^[a-z][a-z0-9_]*$/.test(f)) ? undefined : "Words in lower_snake_case, such as hd",
  };
  const shown = (field: keyof typeof problems) => (checked ? problems[field] : undefined) ?? apiError(field);
  const set = (field: keyof Draft) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft((now) => ({ ...now, [field]: event.target.value }));

  return (
    <form
      className="plan-form"
      noValidate
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        setChecked(true);
        if (Object.values(problems).some(Boolean)) {
          const form = event.currentTarget;
          requestAnimationFrame(() => form.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
          return;
        }
        onSubmit({
          name: draft.name.trim(),
          description: draft.description.trim(),
          price: price ?? 0,
          currency: draft.currency,
          interval: draft.interval,
          trialDays: Number(draft.trialDays),
          features,
          maxStreams: Number(draft.maxStreams),
        });
      }}
    >
      <Field label="Plan name" value={draft.name} onChange={set("name")} error={shown("name")} />
      <Field label="Description" value={draft.description} onChange={set("description")} error={apiError("description")} />
      <div className="plan-form-row">
        <Field
          label="Price"
          inputMode="decimal"
          value={draft.price}
          onChange={set("price")}
          error={shown("price")}
          hint={plan ? "A new price applies from each subscriber's next period." : undefined}
        />
        {!plan && (
          <>
            <div className="field">
              <label htmlFor={`${id}-currency`}>Currency</label>
              <select id={`${id}-currency`} value={draft.currency} onChange={set("currency")}>
                {CURRENCIES.map((code) => (
                  <option key={code} value={code}>
                    {code.toUpperCase()}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-interval`}>Billed every</label>
              <select id={`${id}-interval`} value={draft.interval} onChange={set("interval")}>
                <option value="month">Month</option>
                <option value="year">Year</option>
              </select>
            </div>
          </>
        )}
      </div>
      <div className="plan-form-row">
        <Field
          label="Trial days"
          inputMode="numeric"
          value={draft.trialDays}
          onChange={set("trialDays")}
          error={shown("trialDays")}
        />
        <Field
          label="Streams at once"
          inputMode="numeric"
          value={draft.maxStreams}
          onChange={set("maxStreams")}
          error={shown("maxStreams")}
        />
      </div>
      <Field
        label="Features"
        value={draft.features}
        onChange={set("features")}
        hint="Comma separated: hd, premium_titles."
        error={shown("features") ?? apiError("features")}
      />
      {error ? <Problem error={error} /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
