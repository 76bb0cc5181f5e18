import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem, Skeleton } from "../../components/Problem";
import { FindPerson, usePeopleSearch } from "./FindPerson";
import { type CastMember, catalogChanged, keys, type Movie, type Series, type TitleKind } from "./queries";

const NEW = "new";

/**
 * A title's cast in billing order: add a person as one of their characters (or a new one),
 * move people up and down, remove them; "Save cast" replaces the whole cast (PUT …/cast).
 */
export function CastEditor({ kind, title }: { kind: TitleKind; title: Movie | Series }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [cast, setCast] = useState<CastMember[]>(title.cast);
  // The cast as last saved, to tell unsaved changes.
  const [stored, setStored] = useState<CastMember[]>(title.cast);
  const [saved, setSaved] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const dirty = cast.map((m) => m.character.id).join() !== stored.map((m) => m.character.id).join();

  const save = useMutation({
    mutationFn: (): Promise<{ cast: CastMember[] }> => {
      const json = { cast: cast.map((member) => member.character.id) };
      const param = { id: title.id };
      return kind === "movie"
        ? ok(api.movies[":id"].cast.$put({ param, json }))
        : ok(api.series[":id"].cast.$put({ param, json }));
    },
    onSuccess: async (updated) => {
      setCast(updated.cast);
      setStored(updated.cast);
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: kind === "movie" ? keys.movie(title.id) : keys.series(title.id) });
      await catalogChanged(queryClient);
    },
  });

  const change = (next: CastMember[], said: string) => {
    setCast(next);
    setSaved(false);
    save.reset();
    setAnnouncement(said);
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...cast];
    const [member] = next.splice(index, 1);
    next.splice(index + by, 0, member);
    change(next, `${member.person.name} moved to position ${index + by + 1} of ${next.length}.`);
  };

  return (
    <section aria-labelledby={headingId} className="staff-panel catalog-panel">
      <h2 id={headingId}>Cast</h2>
      {cast.length === 0 ? (
        <p className="hint">Nobody in the cast yet.</p>
      ) : (
        <ol className="cast-list" aria-label="Cast in billing order">
          {cast.map((member, index) => (
            <li key={member.character.id}>
              <span>
                <strong>{member.person.name}</strong> as {member.character.name}
              </span>
              <span className="cast-actions">
                <button
                  type="button"
                  aria-label={`Move ${member.person.name} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  Up
                </button>
                <button
                  type="button"
                  aria-label={`Move ${member.person.name} down`}
                  disabled={index === cast.length - 1}
                  onClick={() => move(index, 1)}
                >
                  Down
                </button>
                <button
                  type="button"
                  aria-label={`Remove ${member.person.name} as ${member.character.name}`}
                  onClick={() =>
                    change(
                      cast.filter((_, i) => i !== index),
                      `${member.person.name} removed from the cast.`,
                    )
                  }
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <AddCastMember
        taken={cast.map((member) => member.character.id)}
        onAdd={(member) => change([...cast, member], `${member.person.name} added as ${member.character.name}.`)}
      />
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {save.isError && <Problem error={save.error} />}
      <div className="actions">
        <button type="button" className="primary" disabled={save.isPending || !dirty} onClick={() => save.mutate()}>
          {save.isPending ? "Saving…" : "Save cast"}
        </button>
        {dirty && <span className="hint">Unsaved changes to the cast.</span>}
      </div>
      <p role="status" className="ok">
        {saved && !dirty ? "Cast saved" : ""}
      </p>
    </section>
  );
}

/** Find a person, then pick one of the characters they play or name a new one. */
function AddCastMember({ taken, onAdd }: { taken: string[]; onAdd: (member: CastMember) => void }) {
  const queryClient = useQueryClient();
  const characterId = useId();
  const headingId = useId();
  const [person, setPerson] = useState<{ id: string; name: string; photoUrl: string | null } | null>(null);
  const [picked, setChoice] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const search = usePeopleSearch(!person);

  const characters = useQuery({
    queryKey: keys.charactersOf(person?.id ?? ""),
    enabled: Boolean(person),
    queryFn: () => ok(api.characters.$get({ query: { person: person?.id ?? "", limit: "100" } })),
  });
  const available = characters.data?.items.filter((c) => !taken.includes(c.id)) ?? [];

  // Until the person picks, the first of their characters not in the cast yet (or a new one).
  const choice = picked ?? available[0]?.id ?? NEW;

  const create = useMutation({
    mutationFn: (who: { id: string }) => ok(api.characters.$post({ json: { name: newName, personId: who.id } })),
    onSuccess: (character) => queryClient.invalidateQueries({ queryKey: ["catalog"] }).then(() => character),
  });

  const reset = () => {
    setPerson(null);
    setChoice(null);
    search.clear();
    setNewName("");
    create.reset();
  };

  const add = async () => {
    if (!person) return;
    const character =
      choice === NEW
        ? await create.mutateAsync(person).catch(() => undefined)
        : characters.data?.items.find((c) => c.id === choice);
    if (!character) return;
    onAdd({
      character: { id: character.id, name: character.name },
      person: { id: person.id, name: person.name, photoUrl: person.photoUrl },
    });
    reset();
  };

  return (
    <div className="cast-add">
      <h3 id={headingId}>Add to the cast</h3>
      {!person ? (
        <FindPerson
          search={search}
          searchingLabel="Finding people"
          nobody={(q) => `Nobody is called “${q}”. Add them under People first.`}
          onChoose={setPerson}
        />
      ) : (
        <>
          <p>
            Adding <strong>{person.name}</strong>.{" "}
            <button type="button" className="link-button" onClick={reset}>
              Choose someone else
            </button>
          </p>
          {characters.isPending && <Skeleton label="Loading their characters" />}
          {characters.isError && <Problem error={characters.error} onRetry={() => void characters.refetch()} />}
          {characters.data && (
            <div className="field">
              <label htmlFor={characterId}>Character</label>
              <select id={characterId} value={choice} onChange={(event) => setChoice(event.target.value)}>
                {available.map((character) => (
                  <option key={character.id} value={character.id}>
                    {character.name}
                  </option>
                ))}
                <option value={NEW}>A new character…</option>
              </select>
            </div>
          )}
          {choice === NEW && (
            <Field
              label="New character's name"
              value={newName}
              maxLength={200}
              onChange={(event) => {
                setNewName(event.target.value);
                create.reset();
              }}
              error={fieldError(create.error, "name")}
            />
          )}
          {create.isError && !fieldError(create.error, "name") && <Problem error={create.error} />}
          <div className="actions">
            <button type="button" disabled={create.isPending || !characters.data} onClick={() => void add()}>
              Add {person.name}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
