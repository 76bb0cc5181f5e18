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
  const featured = popular.data?.items.find((movie) => movie.backdropUrl);
  if (!featured) return null;
  return (
    <section className="hero" aria-labelledby="hero-title">
      <img className="hero-backdrop" src={featured.backdropUrl ?? ""} alt="" />
      <div className="hero-text">
        <p className="hero-kicker">Featured</p>
        <h2 id="hero-title">{featured.title}</h2>
        <p className="hero-meta">
          {[featured.releaseYear, runtime(featured.runtimeMinutes), featured.genres.slice(0, 3).join(", ")]
            .filter(Boolean)
            .join(" · ")}
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
