import type { Plan } from "./queries";
import { featuresInWords, pricePer } from "./words";

/** One plan as the plans page offers it: name, price, trial, what it includes, and what can be done with it. */
export function PlanCard({ plan, mark, children }: { plan: Plan; mark?: string; children?: React.ReactNode }) {
  const headingId = `plan-${plan.id}`;
  return (
    <article className={mark ? "plan-card marked" : "plan-card"} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {plan.name}
        {mark && <span className="tag">{mark}</span>}
      </h2>
      <p className="plan-price">{pricePer(plan)}</p>
      {plan.trialDays > 0 && <p className="plan-trial">{plan.trialDays}-day free trial</p>}
      {plan.description && <p>{plan.description}</p>}
      <ul className="plan-features" aria-label={`${plan.name} includes`}>
        {featuresInWords(plan).map((feature) => (
          <li key={feature}>{feature}</li>
        ))}
      </ul>
      {children && <div className="actions">{children}</div>}
    </article>
  );
}
