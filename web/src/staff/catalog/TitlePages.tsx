import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { ArtworkPicker } from "./Artwork";
import { CastEditor } from "./CastEditor";
import { CatalogList } from "./CatalogList";
import { PlayableMedia } from "./PlayableMedia";
import { BackTo, ConfirmDelete, NotLoaded } from "./parts";
import { catalogChanged, fetchTitles, imageBody, keys, type TitleKind } from "./queries";
import { Seasons } from "./Seasons";
import { TitleForm } from "./TitleForm";

const plural = { movie: "Movies", series: "Series" } as const;
const path = { movie: "movies", series: "series" } as const;

export function TitleList({ kind }: { kind: TitleKind }) {
  return (
    <CatalogList
      title={plural[kind]}
      what={path[kind]}
      newLabel={`New ${kind}`}
      fetchPage={(q, cursor) => fetchTitles(kind, q, cursor)}
    />
  );
}

export function NewTitle({ kind }: { kind: TitleKind }) {
  return (
    <>
      <BackTo to={`/staff/catalog/${path[kind]}`} label={`All ${plural[kind].toLowerCase()}`} />
      <h1>New {kind}</h1>
      <TitleForm kind={kind} />
    </>
  );
}

function useTitle(kind: TitleKind, id: string) {
  const movie = useQuery({
    queryKey: keys.movie(id),
    enabled: kind === "movie",
    queryFn: () => ok(api.movies[":id"].$get({ param: { id } })),
  });
  const series = useQuery({
    queryKey: keys.series(id),
    enabled: kind === "series",
    queryFn: () => ok(api.series[":id"].$get({ param: { id } })),
  });
  return kind === "movie" ? movie : series;
}

/** A movie's or series' edit page: details, artwork, cast, then what it plays (movies) or its seasons (series). */
export function EditTitle({ kind }: { kind: TitleKind }) {
  const id = useParams().id ?? "";
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const detailsId = useId();
  const artworkId = useId();
  const title = useTitle(kind, id);
  const back = <BackTo to={`/staff/catalog/${path[kind]}`} label={`All ${plural[kind].toLowerCase()}`} />;

  if (!title.isSuccess)
    return (
      <NotLoaded query={title} back={back} heading={kind === "movie" ? "Movie" : "Series"} loading={`Loading the ${kind}`} />
    );
  const data = title.data;
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: kind === "movie" ? keys.movie(id) : keys.series(id) });
    await catalogChanged(queryClient);
  };
  const param = { id };
  const artwork = kind === "movie" ? api.movies[":id"] : api.series[":id"];

  return (
    <>
      {back}
      <h1>{data.title}</h1>
      <p className="hint">
        <Link to={`/${path[kind]}/${id}`}>Open the title page</Link>
      </p>
      <section aria-labelledby={detailsId} className="staff-panel catalog-panel">
        <h2 id={detailsId}>Details</h2>
        <TitleForm key={id} kind={kind} title={data} />
      </section>
      <section aria-labelledby={artworkId} className="staff-panel catalog-panel">
        <h2 id={artworkId}>Artwork</h2>
        <div className="artwork-grid">
          <ArtworkPicker
            label="Poster"
            shape="portrait"
            url={data.posterUrl}
            upload={(file) => ok(artwork.poster.$put({ param }, imageBody(file)))}
            remove={() => ok(artwork.poster.$delete({ param }))}
            onChanged={refresh}
          />
          <ArtworkPicker
            label="Backdrop"
            shape="wide"
            url={data.backdropUrl}
            upload={(file) => ok(artwork.backdrop.$put({ param }, imageBody(file)))}
            remove={() => ok(artwork.backdrop.$delete({ param }))}
            onChanged={refresh}
          />
        </div>
      </section>
      <CastEditor key={id} kind={kind} title={data} />
      {kind === "movie" && (
        <PlayableMedia
          kind="movie"
          id={id}
          name={data.title}
          playable={"playable" in data ? (data.playable ?? false) : false}
          onChanged={refresh}
        />
      )}
      {"seasons" in data && <Seasons series={data} />}
      <ConfirmDelete
        what={kind}
        name={data.title}
        consequence={kind === "series" ? "Its seasons and episodes go with it. This cannot be undone." : undefined}
        onDelete={() => (kind === "movie" ? ok(api.movies[":id"].$delete({ param })) : ok(api.series[":id"].$delete({ param })))}
        onDeleted={() => {
          queryClient.removeQueries({ queryKey: kind === "movie" ? keys.movie(id) : keys.series(id) });
          void catalogChanged(queryClient);
          navigate(`/staff/catalog/${path[kind]}`);
        }}
      />
    </>
  );
}
