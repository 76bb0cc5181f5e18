import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Skeleton } from "../../components/Problem";
import { CatalogList } from "./CatalogList";
import { FindPerson, usePeopleSearch } from "./FindPerson";
import { binder, CatalogForm, useSaveEntry } from "./form";
import { BackTo, ConfirmDelete, NotLoaded } from "./parts";
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
  const [name, setName] = useState(character?.name ?? "");
  const [person, setPerson] = useState<Who | null>(character?.person ?? player ?? null);
  const save = useSaveEntry({
    existing: character,
    write: () => {
      const json = { name, personId: person?.id ?? "" };
      return character
        ? ok(api.characters[":id"].$patch({ param: { id: character.id }, json }))
        : ok(api.characters.$post({ json }));
    },
    listPath: "/staff/catalog/characters",
    detailKey: keys.character,
    // A person's page lists the characters they play.
    changed: (queryClient) => Promise.all([catalogChanged(queryClient), queryClient.invalidateQueries({ queryKey: ["person"] })]),
  });
  const bind = binder(save);
  return (
    <CatalogForm
      save={save}
      fields={["name", "personId"]}
      submit={character ? "Save changes" : "Create character"}
      editing={Boolean(character)}
    >
      <Field label="Character name" required maxLength={200} {...bind("name", name, setName)} />
      <PersonPicker
        person={person}
        onPick={(who) => {
          setPerson(who);
          save.reset();
        }}
        error={fieldError(save.error, "personId")}
      />
    </CatalogForm>
  );
}

/** "Played by": the chosen person, or a search for one. */
function PersonPicker({ person, onPick, error }: { person: Who | null; onPick: (who: Who | null) => void; error?: string }) {
  const groupId = useId();
  const search = usePeopleSearch(!person);
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
        <FindPerson
          search={search}
          error={error}
          nobody={(q) => `Nobody is called “${q}”.`}
          onChoose={(who) => onPick({ id: who.id, name: who.name })}
        />
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
  if (!character.isSuccess)
    return <NotLoaded query={character} back={back} heading="Character" loading="Loading the character" rows={4} />;
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
