import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { type OkBody, ok } from "../../api/problem";
import { Field } from "../../components/Field";
import { Problem, Skeleton } from "../../components/Problem";
import { keys } from "./queries";

type Found = OkBody<Awaited<ReturnType<typeof api.people.$get>>>["items"][number];

/**
 * What was typed to find a person, and the people whose name contains it (a quarter second after
 * the typing stops). It searches only while `searching` (nobody is chosen yet).
 */
export function usePeopleSearch(searching: boolean) {
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    queryKey: [...keys.list("people"), "picker", q],
    enabled: q.length > 0 && searching,
    queryFn: () => ok(api.people.$get({ query: { q, limit: "8" } })),
  });
  const clear = () => {
    setText("");
    setQ("");
  };
  return { text, setText, q, found, clear };
}

/**
 * "Find a person": the search box, then a "Choose …" button for each person found. `nobody` is
 * what is said when nobody matches; `searchingLabel`, when given, shows a skeleton while it looks.
 */
export function FindPerson({
  search,
  onChoose,
  nobody,
  error,
  searchingLabel,
}: {
  search: ReturnType<typeof usePeopleSearch>;
  onChoose: (person: Found) => void;
  nobody: (q: string) => string;
  error?: string;
  searchingLabel?: string;
}) {
  const { found } = search;
  return (
    <>
      <Field
        label="Find a person"
        type="search"
        autoComplete="off"
        value={search.text}
        hint="Type part of a name, then choose the person."
        onChange={(event) => search.setText(event.target.value)}
        error={error}
      />
      {searchingLabel && found.isFetching && <Skeleton rows={2} label={searchingLabel} />}
      {found.isError && <Problem error={found.error} onRetry={() => void found.refetch()} />}
      {found.data && (
        <>
          <p role="status" className="hint">
            {found.data.items.length === 0 ? nobody(search.q) : ""}
          </p>
          <ul className="cast-people" aria-label="People found">
            {found.data.items.map((person) => (
              <li key={person.id}>
                <button type="button" onClick={() => onChoose(person)}>
                  Choose {person.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
