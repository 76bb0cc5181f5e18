import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem, Skeleton } from "../../components/Problem";
import { CatalogList } from "./CatalogList";
import { BackTo, ConfirmDelete, FormProblem, SavedStatus } from "./parts";
import { type Character, catalogChanged, fetchCharacters, keys } from "./queries";

type Who = { id: string; name: string };

export function CharacterList() {
  return (
    <CatalogList
      title="Characters"
      what="characters"
      newLabel="New character"
      filterHere
      fetchPage={(_q, cursor) => fetchCharacters(cursor)}
    />
  );
}

export function NewCharacter() {
  const personId = useSearchParams()[0].get("person") ?? "";
  const person = useQuery({
    queryKey: keys.person(personId),
    enabled: Boolean(personId),
    queryFn: () => ok(api.people[":id"].$get({ param: { id: personId } })),
  });
  return (
    <>
      <BackTo to="/staff/catalog/characters" label="All characters" />
      <h1>New character</h1>
      {personId && person.isPending ? (
        <Skeleton rows={3} label="Loading the person" />
      ) : (
        <CharacterForm player={person.data ? { id: person.data.id, name: person.data.name } : undefined} />
      )}
    </>
  );
}

/** Adds a character played by a person (then opens its page), or saves changes to `character`. */
function CharacterForm({ character, player }: { character?: Character; player?: Who }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(character?.name ?? "");
  const [person, setPerson] = useState<Who | null>(character?.person ?? player ?? null);
  const save = useMutation({
    mutationFn: () => {
      const json = { name, personId: person?.id ?? "" };
      return character
        ? ok(api.characters[":id"].$patch({ param: { id: character.id }, json }))
        : ok(api.characters.$post({ json }));
    },
    onSuccess: async (saved) => {
      await catalogChanged(queryClient);
      await queryClient.invalidateQueries({ queryKey: ["person"] });
      if (character) await queryClient.invalidateQueries({ queryKey: keys.character(character.id) });
      else navigate(`/staff/catalog/characters/${saved.id}`);
    },
  });
  return (
    <form
      noValidate
      className="catalog-form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Field
        label="Character name"
        value={name}
        required
        maxLength={200}
        onChange={(event) => {
          setName(event.target.value);
          save.reset();
        }}
        error={fieldError(save.error, "name")}
      />
      <PersonPicker
        person={person}
        onPick={(who) => {
          setPerson(who);
          save.reset();
        }}
        error={fieldError(save.error, "personId")}
      />
      <FormProblem mutation={save} fields={["name", "personId"]} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {character ? "Save changes" : "Create character"}
        </button>
      </div>
      {character && <SavedStatus saved={save.isSuccess} />}
    </form>
  );
}

/** "Played by": the chosen person, or a search for one. */
function PersonPicker({ person, onPick, error }: { person: Who | null; onPick: (who: Who | null) => void; error?: string }) {
  const groupId = useId();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    queryKey: [...keys.list("people"), "picker", q],
    enabled: q.length > 0 && !person,
    queryFn: () => ok(api.people.$get({ query: { q, limit: "8" } })),
  });
  return (
    <fieldset className="person-picker" aria-labelledby={groupId}>
      <legend id={groupId}>Played by</legend>
      {person ? (
        <p>
          <strong>{person.name}</strong>{" "}
          <button type="button" className="link-button" onClick={() => onPick(null)}>
            Choose someone else
          </button>
        </p>
      ) : (
        <>
          <Field
            label="Find a person"
            type="search"
            autoComplete="off"
            value={text}
            hint="Type part of a name, then choose the person."
            onChange={(event) => setText(event.target.value)}
            error={error}
          />
          {found.isError && <Problem error={found.error} onRetry={() => void found.refetch()} />}
          {found.data && (
            <>
              <p role="status" className="hint">
                {found.data.items.length === 0 ? `Nobody is called “${q}”.` : ""}
              </p>
              <ul className="cast-people" aria-label="People found">
                {found.data.items.map((who) => (
                  <li key={who.id}>
                    <button type="button" onClick={() => onPick({ id: who.id, name: who.name })}>
                      Choose {who.name}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </fieldset>
  );
}

export function EditCharacter() {
  const id = useParams().id ?? "";
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const character = useQuery({ queryKey: keys.character(id), queryFn: () => ok(api.characters[":id"].$get({ param: { id } })) });
  const back = <BackTo to="/staff/catalog/characters" label="All characters" />;
  if (character.isPending) {
    return (
      <>
        {back}
        <Skeleton rows={4} label="Loading the character" />
      </>
    );
  }
  if (character.isError) {
    return (
      <>
        {back}
        <h1>Character</h1>
        <Problem error={character.error} onRetry={() => void character.refetch()} />
      </>
    );
  }
  const data = character.data;
  return (
    <>
      {back}
      <h1>{data.name}</h1>
      <p className="hint">
        Played by <Link to={`/staff/catalog/people/${data.person.id}`}>{data.person.name}</Link>
      </p>
      <CharacterForm key={id} character={data} />
      <ConfirmDelete
        what="character"
        name={data.name}
        consequence="It is taken out of every cast. This cannot be undone."
        onDelete={() => ok(api.characters[":id"].$delete({ param: { id } }))}
        onDeleted={() => {
          queryClient.removeQueries({ queryKey: keys.character(id) });
          void catalogChanged(queryClient);
          void queryClient.invalidateQueries({ queryKey: ["movie"] });
          void queryClient.invalidateQueries({ queryKey: ["series"] });
          navigate("/staff/catalog/characters");
        }}
      />
    </>
  );
}
