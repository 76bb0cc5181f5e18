import type { ReactNode } from "react";
import { Link } from "react-router";
import { runtime } from "../../lib/format";
import "./title.css";

interface Title {
  title: string;
  originalTitle: string | null;
  synopsis: string | null;
  releaseYear: number | null;
  runtimeMinutes: number | null;
  maturityRating: string | null;
  posterUrl: string | null;
  backdropUrl: string | null;
  genres: { id: string; name: string }[];
}

/** Backdrop, poster, the facts and the synopsis of a movie or series; `children` are its actions. */
export function TitleHeader({ title, facts = [], children }: { title: Title; facts?: string[]; children: ReactNode }) {
  const meta = [
    title.releaseYear ? String(title.releaseYear) : null,
    title.runtimeMinutes ? runtime(title.runtimeMinutes) : null,
    title.maturityRating,
    ...facts,
  ].filter(Boolean);
  return (
    <header className="title-header">
      {title.backdropUrl && <img className="title-backdrop" src={title.backdropUrl} alt="" />}
      <div className="title-poster">
        {title.posterUrl ? (
          <img src={title.posterUrl} alt={`Poster of ${title.title}`} />
        ) : (
          <span className="title-card-placeholder" aria-hidden="true">
            {title.title.charAt(0).toUpperCase()}
          </span>
        )}
      </div>
      <div className="title-facts">
        <h1>{title.title}</h1>
        {title.originalTitle && title.originalTitle !== title.title && <p className="hint">{title.originalTitle}</p>}
        {meta.length > 0 && <p className="title-meta">{meta.join(" · ")}</p>}
        {title.genres.length > 0 && (
          <ul className="title-genres" aria-label="Genres">
            {title.genres.map((genre) => (
              <li key={genre.id}>{genre.name}</li>
            ))}
          </ul>
        )}
        {title.synopsis && <p className="title-synopsis">{title.synopsis}</p>}
        {children}
      </div>
    </header>
  );
}

/** Who plays whom. */
export function Cast({
  cast,
}: {
  cast: { character: { id: string; name: string }; person: { id: string; name: string; photoUrl: string | null } }[];
}) {
  return (
    <section aria-labelledby="cast-heading">
      <h2 id="cast-heading">Cast</h2>
      {cast.length === 0 ? (
        <p className="hint">No cast listed yet.</p>
      ) : (
        <ul className="cast">
          {cast.map(({ character, person }) => (
            <li key={`${person.id}-${character.id}`}>
              {person.photoUrl ? (
                <img src={person.photoUrl} alt="" loading="lazy" />
              ) : (
                <span className="cast-initial" aria-hidden="true">
                  {person.name.charAt(0).toUpperCase()}
                </span>
              )}
              <span>
                <Link to={`/search?person=${person.id}`} className="cast-name">
                  {person.name}
                </Link>{" "}
                <span className="cast-character">as {character.name}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
