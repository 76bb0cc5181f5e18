import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field } from "../../components/Field";
import { CatalogList } from "./CatalogList";
import { binder, CatalogForm, useSaveEntry } from "./form";
import { BackTo, ConfirmDelete, NotLoaded } from "./parts";
import { catalogChanged, fetchGenres, type Genre, keys } from "./queries";

export function GenreList() {
  return (
    <CatalogList
      title="Genres"
      what="genres"
      newLabel="New genre"
      filterHere
      fetchPage={async () => {
        const genres = await fetchGenres();
        return { items: genres.items.map((genre) => ({ id: genre.id, name: genre.name })), nextCursor: genres.nextCursor };
      }}
    />
  );
}

export function NewGenre() {
  return (
    <>
      <BackTo to="/staff/catalog/genres" label="All genres" />
      <h1>New genre</h1>
      <GenreForm />
    </>
  );
}

/** Every reader of genres (the title forms, home's rows, search's filter) reads them afresh. */
const genresChanged = (queryClient: QueryClient) =>
  Promise.all([catalogChanged(queryClient), queryClient.invalidateQueries({ queryKey: keys.genres })]);

function GenreForm({ genre }: { genre?: Genre }) {
  const [name, setName] = useState(genre?.name ?? "");
  const save = useSaveEntry({
    existing: genre,
    write: () =>
      genre
        ? ok(api.genres[":id"].$patch({ param: { id: genre.id }, json: { name } }))
        : ok(api.genres.$post({ json: { name } })),
    listPath: "/staff/catalog/genres",
    detailKey: keys.genre,
    changed: genresChanged,
  });
  const bind = binder(save);
  return (
    <CatalogForm save={save} fields={["name"]} submit={genre ? "Save changes" : "Create genre"} editing={Boolean(genre)}>
      <Field label="Genre name" required maxLength={50} {...bind("name", name, setName)} />
    </CatalogForm>
  );
}

export function EditGenre() {
  const id = useParams().id ?? "";
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const genre = useQuery({ queryKey: keys.genre(id), queryFn: () => ok(api.genres[":id"].$get({ param: { id } })) });
  const back = <BackTo to="/staff/catalog/genres" label="All genres" />;
  if (!genre.isSuccess) return <NotLoaded query={genre} back={back} heading="Genre" loading="Loading the genre" rows={3} />;
  return (
    <>
      {back}
      <h1>{genre.data.name}</h1>
      <GenreForm key={id} genre={genre.data} />
      <ConfirmDelete
        what="genre"
        name={genre.data.name}
        consequence="Only a genre no title carries can be deleted."
        onDelete={() => ok(api.genres[":id"].$delete({ param: { id } }))}
        onDeleted={() => {
          queryClient.removeQueries({ queryKey: keys.genre(id) });
          void genresChanged(queryClient);
          navigate("/staff/catalog/genres");
        }}
      />
    </>
  );
}
