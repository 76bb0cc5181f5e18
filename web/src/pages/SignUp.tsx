import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ContinueWithGoogle } from "../account/GoogleSignIn";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { setSession } from "../api/session";
import { PlanCard } from "../billing/PlanCard";
import { firstCharge } from "../billing/SubscribeForm";
import { Field, fieldError } from "../components/Field";
import { Problem, Skeleton } from "../components/Problem";
import { CardSource, useCardSource } from "../tickets/card-source";
import { safeNext } from "./SignIn";
import "../billing/billing.css";

/** `/sign-up?plan=<id>`: the plan chosen on the plans page, started in the same request as the account. */
function useChosenPlan(planId: string | null) {
  return useQuery({
    queryKey: ["plans", planId],
    queryFn: () => ok(api.plans[":id"].$get({ param: { id: planId as string } })),
    enabled: !!planId,
  });
}

export default function SignUp() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const planId = params.get("plan");
  const plan = useChosenPlan(planId);
  const card = useCardSource();
  const [form, setForm] = useState({ name: "", email: "", username: "", password: "" });
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });
  const signUp = useMutation({
    mutationFn: (withPlan: { planId: string; card: NonNullable<ReturnType<typeof card.source>> } | null) => {
      const { username, ...rest } = form;
      const account = username ? { ...rest, username } : rest;
      const json =
        withPlan && "card" in withPlan.card ? { ...account, planId: withPlan.planId, card: withPlan.card.card } : account;
      return ok(api.auth.register.$post({ json }));
    },
    onSuccess: (session) => signedUp(session),
  });
  function signedUp(session: Parameters<typeof setSession>[0]) {
    queryClient.clear();
    setSession(session);
    // With a plan, the next stop after choosing a profile is the subscription it started.
    const next = plan.data && !params.get("next") ? "/account/billing" : safeNext(params.get("next"));
    navigate(`/profiles?next=${encodeURIComponent(next)}`, { replace: true });
  }
  const error = signUp.error;
  return (
    <main id="main" className="page narrow">
      <h1>{plan.data ? `Create your account and subscribe to ${plan.data.name}` : "Create your account"}</h1>
      {planId && plan.isPending && <Skeleton rows={3} label="Loading the plan" />}
      {plan.isError && (
        <>
          <Problem error={plan.error} onRetry={() => void plan.refetch()} />
          <p>
            <Link to="/plans">Choose another plan</Link> or <Link to="/sign-up">sign up without one</Link>.
          </p>
        </>
      )}
      {plan.data && (
        <div className="sign-up-plan">
          <PlanCard plan={plan.data} mark="Chosen" />
          <p>
            {firstCharge(plan.data)} <Link to="/plans">Change</Link>
          </p>
        </div>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (signUp.isPending) return;
          if (!plan.data) {
            signUp.mutate(null);
            return;
          }
          const chosen = card.source();
          if (chosen) signUp.mutate({ planId: plan.data.id, card: chosen });
        }}
      >
        <Field
          label="Name"
          name="name"
          autoComplete="name"
          required
          value={form.name}
          onChange={set("name")}
          error={fieldError(error, "name")}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={form.email}
          onChange={set("email")}
          error={fieldError(error, "email")}
        />
        <Field
          label="Username (optional)"
          name="username"
          autoComplete="off"
          hint="Letters, digits and underscores; made from your email when left empty."
          value={form.username}
          onChange={set("username")}
          error={fieldError(error, "username")}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters."
          value={form.password}
          onChange={set("password")}
          error={fieldError(error, "password")}
        />
        {plan.data && (
          <fieldset className="sign-up-card">
            <legend>Card for {plan.data.name}</legend>
            <CardSource state={card} error={error} />
          </fieldset>
        )}
        {signUp.isError && <Problem error={error} />}
        <button type="submit" className="primary" disabled={signUp.isPending || (!!planId && !plan.data)}>
          {signUp.isPending ? "Creating…" : plan.data ? "Create account and subscribe" : "Create account"}
        </button>
      </form>
      {/* Google creates the account without a card; with a plan chosen, the plans page subscribes afterwards. */}
      {!planId && <ContinueWithGoogle onSignedIn={signedUp} />}
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </main>
  );
}
