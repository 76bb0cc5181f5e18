import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ApiError } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem, Skeleton } from "../../components/Problem";
import { DataTable } from "../DataTable";
import { archiveReward, createReward, fetchRewards, type NewReward, rewardKeys } from "./rewards-queries";

const kinds = { free_ticket: "Free ticket", snack_voucher: "Snack voucher", discount_code: "Discount code" } as const;
type Kind = keyof typeof kinds;

const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : undefined);

/** A new reward: what it is, its points cost, an optional stock and (for a discount code) its percent. */
function RewardForm({ onCreated }: { onCreated: (name: string) => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({
    name: "",
    description: "",
    kind: "free_ticket" as Kind,
    cost: "",
    stock: "",
    percent: "",
  });
  const [checked, setChecked] = useState(false);
  const create = useMutation({
    mutationFn: (body: NewReward) => createReward(body),
    onSuccess: async (reward) => {
      setDraft({ name: "", description: "", kind: "free_ticket", cost: "", stock: "", percent: "" });
      setChecked(false);
      onCreated(reward.name);
      await queryClient.invalidateQueries({ queryKey: rewardKeys.all });
    },
  });
  const apiError = (path: string) =>
    create.error instanceof ApiError && create.error.status === 400 ? fieldError(create.error, path) : undefined;
  const cost = whole(draft.cost);
  const stock = draft.stock.trim() ? whole(draft.stock) : null;
  const percent = whole(draft.percent);
  const problems = {
    name: draft.name.trim() ? undefined : "Name the reward",
    cost: cost !== undefined && cost >= 1 ? undefined : "Whole points, 1 or more",
    stock: stock === undefined ? "A whole number, or empty for no limit" : undefined,
    discountPercent:
      draft.kind !== "discount_code" || (percent !== undefined && percent >= 1 && percent <= 100) ? undefined : "1 to 100",
  };
  const shown = (field: keyof typeof problems) => (checked ? problems[field] : undefined) ?? apiError(field);
  const set = (field: keyof typeof draft) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft((now) => ({ ...now, [field]: event.target.value }));
  return (
    <form
      className="reward-form"
      noValidate
      aria-labelledby={`${id}-h`}
      aria-busy={create.isPending}
      onSubmit={(event) => {
        event.preventDefault();
        setChecked(true);
        if (Object.values(problems).some(Boolean)) {
          const form = event.currentTarget;
          requestAnimationFrame(() => form.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
          return;
        }
        create.mutate({
          name: draft.name.trim(),
          description: draft.description.trim(),
          kind: draft.kind,
          cost: cost ?? 0,
          stock: stock ?? null,
          ...(draft.kind === "discount_code" ? { discountPercent: percent } : {}),
        } as NewReward);
      }}
    >
      <h3 id={`${id}-h`}>New reward</h3>
      <Field label="Reward name" value={draft.name} onChange={set("name")} error={shown("name")} />
      <Field label="Description" value={draft.description} onChange={set("description")} error={apiError("description")} />
      <div className="plan-form-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={draft.kind} onChange={set("kind")}>
            {Object.entries(kinds).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Field label="Cost in points" inputMode="numeric" value={draft.cost} onChange={set("cost")} error={shown("cost")} />
        <Field
          label="Stock (optional)"
          inputMode="numeric"
          value={draft.stock}
          onChange={set("stock")}
          hint="Empty: no limit."
          error={shown("stock")}
        />
        {draft.kind === "discount_code" && (
          <Field
            label="Discount %"
            inputMode="numeric"
            value={draft.percent}
            onChange={set("percent")}
            error={shown("discountPercent")}
          />
        )}
      </div>
      {create.isError && <Problem error={create.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create reward"}
        </button>
      </div>
    </form>
  );
}

/** `/staff/billing/rewards`: the rewards on offer, archiving one, and a new one. */
export function Rewards() {
  const id = useId();
  const queryClient = useQueryClient();
  const [said, setSaid] = useState("");
  const rewards = useQuery({ queryKey: rewardKeys.all, queryFn: fetchRewards });
  const archive = useMutation({
    mutationFn: (reward: { id: string; name: string }) => archiveReward(reward.id),
    onMutate: () => setSaid(""),
    onSuccess: async (_, reward) => {
      setSaid(`${reward.name} is archived: nobody can redeem it now; vouchers already issued still work.`);
      await queryClient.invalidateQueries({ queryKey: rewardKeys.all });
    },
  });
  const items = rewards.data?.items ?? [];
  return (
    <>
      <h2 id={`${id}-h`}>Rewards</h2>
      <p role="status" className="hint">
        {said}
      </p>
      {rewards.isPending && <Skeleton rows={3} label="Loading rewards" />}
      {rewards.isError && <Problem error={rewards.error} onRetry={() => void rewards.refetch()} />}
      {archive.isError && <Problem error={archive.error} />}
      {rewards.isSuccess && items.length === 0 && <p>No rewards on offer.</p>}
      {items.length > 0 && (
        <DataTable
          labelledBy={`${id}-h`}
          busy={rewards.isFetching}
          className="reward-table"
          columns={[
            "Reward",
            "Kind",
            "Cost",
            "Stock",
            <span key="a" className="visually-hidden">
              Actions
            </span>,
          ]}
        >
          {items.map((reward) => (
            <tr key={reward.id}>
              <th scope="row">
                {reward.name}
                {reward.description && <div className="hint">{reward.description}</div>}
              </th>
              <td>
                {kinds[reward.kind as Kind] ?? reward.kind}
                {reward.discountPercent !== null && ` (${reward.discountPercent} %)`}
              </td>
              <td className="num">{reward.cost.toLocaleString()} points</td>
              <td className="num">{reward.stock === null ? "No limit" : reward.stock}</td>
              <td>
                <button type="button" onClick={() => archive.mutate(reward)} disabled={archive.isPending}>
                  Archive <span className="visually-hidden">{reward.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <section className="staff-panel billing-panel">
        <RewardForm onCreated={(name) => setSaid(`Created ${name}.`)} />
      </section>
    </>
  );
}
