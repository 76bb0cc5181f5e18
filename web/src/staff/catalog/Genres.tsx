import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem, Skeleton } from "../../components/Problem";
import { CatalogList } from "./CatalogList";
import { BackTo, ConfirmDelete, FormProblem, SavedStatus } from "./parts";
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
const genresChanged = (queryClient: ReturnType<typeof useQueryClient>) =>
  Promise.all([catalogChanged(queryClient), queryClient.invalidateQueries({ queryKey: keys.genres })]);

function GenreForm({ genre }: { genre?: Genre }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(genre?.name ?? "");
  const save = useMutation({
    mutationFn: () =>
      genre
        ? ok(api.genres[":id"].$patch({ param: { id: genre.id }, json: { name } }))
        : ok(api.genres.$post({ json: { name } })),
    onSuccess: async (saved) => {
      await genresChanged(queryClient);
      if (genre) await queryClient.invalidateQueries({ queryKey: ["genre", genre.id] });
      else navigate(`/staff/catalog/genres/${saved.id}`);
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
        label="Genre name"
        value={name}
        required
        maxLength={50}
        onChange={(event) => {
          setName(event.target.value);
          save.reset();
        }}
        error={fieldError(save.error, "name")}
      />
      <FormProblem mutation={save} fields={["name"]} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {genre ? "Save changes" : "Create genre"}
        </button>
      </div>
      {genre && <SavedStatus saved={save.isSuccess} />}
    </form>
  );
}

export function EditGenre() {
  const id = useParams().id ?? "";
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const genre = useQuery({ queryKey: ["genre", id], queryFn: () => ok(api.genres[":id"].$get({ param: { id } })) });
  const back = <BackTo to="/staff/catalog/genres" label="All genres" />;
  if (genre.isPending) {
    return (
      <>
        {back}
        <Skeleton rows={3} label="Loading the genre" />
      </>
    );
  }
  if (genre.isError) {
    return (
      <>
        {back}
        <h1>Genre</h1>
        <Problem error={genre.error} onRetry={() => void genre.refetch()} />
      </>
    );
  }
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
          queryClient.removeQueries({ queryKey: ["genre", id] });
          void genresChanged(queryClient);
          navigate("/staff/catalog/genres");
        }}
      />
    </>
  );
}
