import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { Problem } from "../../components/Problem";
import { when } from "../../lib/format";
import { type Role, roleOptions } from "../users/queries";
import { type Audience, activePlans, findAccounts, upcomingShowtimes } from "./queries";

export type AudienceKind = "user" | "role" | "plan" | "showtime";
const kindLabels: Record<AudienceKind, string> = {
  user: "One person",
  role: "Everyone with a role",
  plan: "Subscribers of a plan",
  showtime: "Ticket holders of a showtime",
};

const DEBOUNCE_MS = 300;

/** One person, found by part of their email, name or username; the matches are radio buttons. */
function PersonPicker({ value, onChange }: { value: string; onChange: (userId: string) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({ queryKey: ["users", "search", "for-message", q], queryFn: () => findAccounts(q), enabled: q !== "" });
  return (
    <div className="audience-person">
      <div className="field">
        <label htmlFor={`${id}-q`}>Find the person</label>
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
          Part of their email, name or username.
        </small>
      </div>
      {found.isError && <Problem error={found.error} onRetry={() => void found.refetch()} />}
      {found.data &&
        (found.data.items.length === 0 ? (
          <p className="hint" role="status">
            No account matches.
          </p>
        ) : (
          <fieldset className="audience-matches">
            <legend>Send to</legend>
            {found.data.items.map((account) => (
              <label key={account.id} className="checkbox">
                <input
                  type="radio"
                  name={`${id}-person`}
                  value={account.id}
                  checked={value === account.id}
                  onChange={() => onChange(account.id)}
                />
                <span>
                  {account.name} <span className="hint">{account.email}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ))}
    </div>
  );
}

/** Who gets the message: a kind of audience, then the one person, role, plan or showtime. */
export function AudiencePicker({ onChange }: { onChange: (audience: Audience | null) => void }) {
  const id = useId();
  const [kind, setKind] = useState<AudienceKind>("user");
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<Role>("user");
  const [planId, setPlanId] = useState("");
  const [showtimeId, setShowtimeId] = useState("");
  const plans = useQuery({ queryKey: ["plans", "active"], queryFn: activePlans, enabled: kind === "plan" });
  const showtimes = useQuery({
    queryKey: ["showtimes", "upcoming", "for-message"],
    queryFn: upcomingShowtimes,
    enabled: kind === "showtime",
  });

  const audience: Audience | null =
    kind === "user"
      ? userId
        ? { userId }
        : null
      : kind === "role"
        ? { role }
        : kind === "plan"
          ? planId
            ? { planId }
            : null
          : showtimeId
            ? { showtimeId }
            : null;
  const key = JSON.stringify(audience);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the audience is told again only when it changes (its JSON), not each render.
  useEffect(() => onChange(audience), [key]);

  return (
    <fieldset className="audience">
      <legend>Audience</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>Send to</label>
        <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value as AudienceKind)}>
          {Object.entries(kindLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {kind === "user" && <PersonPicker value={userId} onChange={setUserId} />}
      {kind === "role" && (
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {roleOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}s
              </option>
            ))}
          </select>
        </div>
      )}
      {kind === "plan" && (
        <div className="field">
          <label htmlFor={`${id}-plan`}>Plan</label>
          <select
            id={`${id}-plan`}
            value={planId}
            onChange={(event) => setPlanId(event.target.value)}
            aria-busy={plans.isPending}
          >
            <option value="">Choose a plan</option>
            {plans.data?.items.map((plan) => (
              <option key={plan.id} value={plan.id}>
                {plan.name}
              </option>
            ))}
          </select>
          {plans.isError && <Problem error={plans.error} onRetry={() => void plans.refetch()} />}
        </div>
      )}
      {kind === "showtime" && (
        <div className="field">
          <label htmlFor={`${id}-showtime`}>Showtime</label>
          <select
            id={`${id}-showtime`}
            value={showtimeId}
            onChange={(event) => setShowtimeId(event.target.value)}
            aria-busy={showtimes.isPending}
          >
            <option value="">Choose a showtime</option>
            {showtimes.data?.items.map((showtime) => (
              <option key={showtime.id} value={showtime.id}>
                {showtime.movieTitle} · {showtime.theaterName} · {when(showtime.startsAt)}
              </option>
            ))}
          </select>
          {showtimes.isError && <Problem error={showtimes.error} onRetry={() => void showtimes.refetch()} />}
        </div>
      )}
    </fieldset>
  );
}
