import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { runtime } from "../../lib/format";

/** The most popular movie with a backdrop, large, at the top of home. Nothing shows while it loads or fails. */
export function Hero() {
  const popular = useQuery({
    queryKey: ["popular-movies"],
    queryFn: () => ok(api.movies.$get({ query: { sort: "popular", limit: "20" } })),
  });
  // Summaries name genres by id; the genre list (cached for the genre rows too) gives their names.
  const genres = useQuery({ queryKey: ["genres"], queryFn: () => ok(api.genres.$get({ query: { limit: "100" } })) });
  const featured = popular.data?.items.find((movie) => movie.backdropUrl);
  if (!featured) return null;
  const genreNames = featured.genres
    .map((id) => genres.data?.items.find((genre) => genre.id === id)?.name)
    .filter(Boolean)
    .slice(0, 3);
  return (
    <section className="hero" aria-labelledby="hero-title">
      <img className="hero-backdrop" src={featured.backdropUrl ?? ""} alt="" />
      <div className="hero-text">
        <p className="hero-kicker">Featured</p>
        <h2 id="hero-title">{featured.title}</h2>
        <p className="hero-meta">
          {[featured.releaseYear, runtime(featured.runtimeMinutes), genreNames.join(", ")].filter(Boolean).join(" · ")}
        </p>
        {featured.synopsis && <p className="hero-synopsis">{featured.synopsis}</p>}
        <div className="actions">
          <Link className="button primary" to={`/movies/${featured.id}`}>
            More about {featured.title}
          </Link>
        </div>
      </div>
    </section>
  );
}
