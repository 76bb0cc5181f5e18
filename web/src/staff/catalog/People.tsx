import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field } from "../../components/Field";
import { ArtworkPicker } from "./Artwork";
import { CatalogList } from "./CatalogList";
import { binder, CatalogForm, TextAreaField, useSaveEntry } from "./form";
import { BackTo, ConfirmDelete, NotLoaded } from "./parts";
import { catalogChanged, fetchPeople, imageBody, keys, type Person } from "./queries";

const FIELDS = ["name", "birthDate", "bio"];

export function PeopleList() {
  return <CatalogList title="People" what="people" newLabel="New person" fetchPage={fetchPeople} />;
}

export function NewPerson() {
  return (
    <>
      <BackTo to="/staff/catalog/people" label="All people" />
      <h1>New person</h1>
      <PersonForm />
    </>
  );
}

/** Adds a person (then opens their page), or saves changes to `person`. */
function PersonForm({ person }: { person?: Person }) {
  const [name, setName] = useState(person?.name ?? "");
  const [birthDate, setBirthDate] = useState(person?.birthDate ?? "");
  const [bio, setBio] = useState(person?.bio ?? "");
  const save = useSaveEntry({
    existing: person,
    write: () => {
      const json = { name, birthDate: birthDate || null, bio: bio.trim() ? bio : null };
      return person ? ok(api.people[":id"].$patch({ param: { id: person.id }, json })) : ok(api.people.$post({ json }));
    },
    listPath: "/staff/catalog/people",
    detailKey: keys.person,
  });
  const bind = binder(save);
  return (
    <CatalogForm save={save} fields={FIELDS} submit={person ? "Save changes" : "Create person"} editing={Boolean(person)}>
      <Field label="Name" required maxLength={200} {...bind("name", name, setName)} />
      <Field label="Birth date (optional)" type="date" {...bind("birthDate", birthDate, setBirthDate)} />
      <TextAreaField label="Biography" rows={4} maxLength={5000} {...bind("bio", bio, setBio)} />
    </CatalogForm>
  );
}

/** A person's page: details, portrait, the characters they play (and where), delete. */
export function EditPerson() {
  const id = useParams().id ?? "";
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const detailsId = useId();
  const creditsId = useId();
  const person = useQuery({ queryKey: keys.person(id), queryFn: () => ok(api.people[":id"].$get({ param: { id } })) });
  const back = <BackTo to="/staff/catalog/people" label="All people" />;
  if (!person.isSuccess) return <NotLoaded query={person} back={back} heading="Person" loading="Loading the person" />;
  const data = person.data;
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: keys.person(id) });
    await catalogChanged(queryClient);
  };
  const param = { id };
  return (
    <>
      {back}
      <h1>{data.name}</h1>
      <section aria-labelledby={detailsId} className="staff-panel catalog-panel">
        <h2 id={detailsId}>Details</h2>
        <PersonForm key={id} person={data} />
      </section>
      <div className="staff-panel catalog-panel">
        <ArtworkPicker
          level={2}
          label="Portrait"
          shape="portrait"
          url={data.photoUrl}
          upload={(file) => ok(api.people[":id"].photo.$put({ param }, imageBody(file)))}
          remove={() => ok(api.people[":id"].photo.$delete({ param }))}
          onChanged={refresh}
        />
      </div>
      <section aria-labelledby={creditsId} className="staff-panel catalog-panel">
        <h2 id={creditsId}>Characters</h2>
        {data.credits.length === 0 ? (
          <p className="hint">{data.name} plays no character yet. Add one from a title's cast or under Characters.</p>
        ) : (
          <ul className="catalog-rows">
            {data.credits.map((credit) => (
              <li key={`${credit.character.id}-${credit.title.id}`}>
                <Link to={`/staff/catalog/characters/${credit.character.id}`}>{credit.character.name}</Link>
                <span className="hint">
                  in{" "}
                  <Link to={`/staff/catalog/${credit.title.type === "movie" ? "movies" : "series"}/${credit.title.id}`}>
                    {credit.title.title}
                  </Link>
                  {credit.title.releaseYear ? ` (${credit.title.releaseYear})` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`/staff/catalog/characters/new?person=${id}`}>New character played by {data.name}</Link>
        </p>
      </section>
      <ConfirmDelete
        what="person"
        name={data.name}
        onDelete={() => ok(api.people[":id"].$delete({ param }))}
        onDeleted={() => {
          queryClient.removeQueries({ queryKey: keys.person(id) });
          void catalogChanged(queryClient);
          navigate("/staff/catalog/people");
        }}
      />
    </>
  );
}
