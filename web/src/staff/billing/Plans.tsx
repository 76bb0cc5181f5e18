import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Problem, Skeleton } from "../../components/Problem";
import { money } from "../../lib/format";
import { DataTable } from "../DataTable";
import { ConfirmDialog } from "../moderation/ConfirmDialog";
import { PlanForm } from "./PlanForm";
import { billingKeys, createPlan, deletePlan, fetchPlans, type Plan, updatePlan } from "./queries";

const every = { month: "month", year: "year" } as const;

/** One plan's row: Edit opens its form under it; Archive/Unarchive at once; Delete behind a confirmation (409 when it was used). */
function PlanRow({ plan, onSaid }: { plan: Plan; onSaid: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [asking, setAsking] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["plans"] });
  const save = useMutation({
    mutationFn: (body: Parameters<typeof updatePlan>[1]) => updatePlan(plan.id, body),
    onSuccess: async (saved) => {
      setEditing(false);
      onSaid(`Saved ${saved.name}.`);
      await refresh();
    },
  });
  const status = useMutation({
    mutationFn: (next: "active" | "archived") => updatePlan(plan.id, { status: next }),
    onMutate: () => onSaid(""),
    onSuccess: async (saved) => {
      onSaid(
        saved.status === "archived"
          ? `${saved.name} is archived: it takes no new subscribers.`
          : `${saved.name} is on offer again.`,
      );
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => deletePlan(plan.id),
    onSuccess: async () => {
      setAsking(false);
      onSaid(`Deleted ${plan.name}.`);
      await refresh();
    },
  });
  return (
    <>
      <tr>
        <th scope="row">
          {plan.name}
          {plan.status === "archived" && <span className="tag">archived</span>}
          {plan.description && <div className="hint">{plan.description}</div>}
        </th>
        <td className="num">
          {money(plan.price, plan.currency)} / {every[plan.interval]}
        </td>
        <td>{plan.trialDays > 0 ? `${plan.trialDays} days` : "None"}</td>
        <td>{plan.features.length > 0 ? plan.features.join(", ") : "—"}</td>
        <td className="num">{plan.maxStreams}</td>
        <td>
          <div className="row-actions">
            <button type="button" onClick={() => setEditing((now) => !now)} aria-expanded={editing}>
              Edit <span className="visually-hidden">{plan.name}</span>
            </button>
            <button
              type="button"
              onClick={() => status.mutate(plan.status === "archived" ? "active" : "archived")}
              disabled={status.isPending}
            >
              {plan.status === "archived" ? "Unarchive" : "Archive"} <span className="visually-hidden">{plan.name}</span>
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                remove.reset();
                setAsking(true);
              }}
            >
              Delete <span className="visually-hidden">{plan.name}</span>
            </button>
          </div>
          {status.isError && <Problem error={status.error} />}
          <ConfirmDialog
            open={asking}
            title={`Delete ${plan.name}?`}
            confirmLabel="Delete plan"
            busy={remove.isPending}
            error={remove.isError ? remove.error : undefined}
            onCancel={() => setAsking(false)}
            onConfirm={() => remove.mutate()}
          >
            <p>Only a plan nobody ever subscribed to can be deleted; archive one that was used instead.</p>
          </ConfirmDialog>
        </td>
      </tr>
      {editing && (
        <tr className="plan-edit-row">
          <td colSpan={6}>
            <PlanForm
              plan={plan}
              busy={save.isPending}
              error={save.error}
              submitLabel="Save plan"
              onCancel={() => setEditing(false)}
              onSubmit={({ name, description, price, trialDays, features, maxStreams }) =>
                save.mutate({ name, description, price, trialDays, features, maxStreams })
              }
            />
          </td>
        </tr>
      )}
    </>
  );
}

/** `/staff/billing/plans`: every plan, archived ones too, and a new one. */
export function Plans() {
  const id = useId();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [said, setSaid] = useState("");
  // The form remounts empty after each plan made.
  const [formKey, setFormKey] = useState(0);
  const plans = useQuery({ queryKey: billingKeys.plans, queryFn: fetchPlans });
  const create = useMutation({
    mutationFn: createPlan,
    onSuccess: async (plan) => {
      setAdding(false);
      setFormKey((n) => n + 1);
      setSaid(`Created ${plan.name}.`);
      await queryClient.invalidateQueries({ queryKey: ["plans"] });
    },
  });
  const items = plans.data?.items ?? [];
  return (
    <>
      <div className="billing-heading">
        <h2 id={`${id}-h`}>Plans</h2>
        <button type="button" className="primary" onClick={() => setAdding((now) => !now)} aria-expanded={adding}>
          New plan
        </button>
      </div>
      {adding && (
        <section className="staff-panel billing-panel" aria-label="New plan">
          <PlanForm
            key={formKey}
            busy={create.isPending}
            error={create.error}
            submitLabel="Create plan"
            onSubmit={(body) => create.mutate(body)}
            onCancel={() => setAdding(false)}
          />
        </section>
      )}
      <p role="status" className="hint">
        {said}
      </p>
      {plans.isPending && <Skeleton rows={4} label="Loading plans" />}
      {plans.isError && <Problem error={plans.error} onRetry={() => void plans.refetch()} />}
      {plans.isSuccess && items.length === 0 && <p>No plans yet. Make one with New plan.</p>}
      {items.length > 0 && (
        <DataTable
          labelledBy={`${id}-h`}
          busy={plans.isFetching}
          className="plan-table"
          columns={[
            "Plan",
            "Price",
            "Trial",
            "Features",
            "Streams",
            <span key="a" className="visually-hidden">
              Actions
            </span>,
          ]}
        >
          {items.map((plan) => (
            <PlanRow key={plan.id} plan={plan} onSaid={setSaid} />
          ))}
        </DataTable>
      )}
    </>
  );
}
