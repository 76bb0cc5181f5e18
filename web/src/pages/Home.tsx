import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { useProfileId } from "../api/session";
import type { TitleAccessInfo } from "../components/AccessBadge";
import { TitleCard } from "../components/TitleCard";
import { episodeLabel, type ItemSummary, itemPage, itemPlayer, itemTitle } from "../lib/items";
import { Hero } from "./browse/Hero";
import { useHistory } from "./browse/queries";
import { QueryRow } from "./browse/RowStates";
import "./browse/home.css";

const ROW = "20";

type Title = {
  id: string;
  title: string;
  posterUrl: string | null;
  releaseYear: number | null;
  access?: TitleAccessInfo["access"];
  requiredFeatures?: string[];
};
const movieCard = (kind: "movies" | "series") => (t: Title) => (
  <TitleCard
    key={`${kind}-${t.id}`}
    to={`/${kind}/${t.id}`}
    title={t.title}
    posterUrl={t.posterUrl}
    subtitle={t.releaseYear ? String(t.releaseYear) : undefined}
    access={t.access ? { access: t.access, requiredFeatures: t.requiredFeatures ?? [] } : undefined}
  />
);
const itemCard = (item: ItemSummary, subtitle?: string) => (
  <TitleCard
    key={`${item.type}-${item.id}`}
    to={itemPage(item)}
    title={itemTitle(item)}
    posterUrl={item.posterUrl}
    subtitle={subtitle ?? episodeLabel(item)}
  />
);

function ContinueWatching() {
  const history = useHistory();
  return (
    <QueryRow
      title="Continue watching"
      query={history}
      cards={(page) =>
        page.items
          .filter((entry) => !entry.completed && entry.item.available && entry.positionSeconds > 0)
          .map((entry) => (
            <TitleCard
              key={`${entry.item.type}-${entry.item.id}`}
              to={itemPlayer(entry.item)}
              title={itemTitle(entry.item)}
              posterUrl={entry.item.posterUrl}
              subtitle={episodeLabel(entry.item)}
              progress={entry.progress}
            />
          ))
      }
    />
  );
}

function Trending() {
  const trending = useQuery({ queryKey: ["trending"], queryFn: () => ok(api.trending.$get({ query: { window: "7d" } })) });
  return (
    <QueryRow
      title="Trending"
      query={trending}
      cards={(t) => t.items.map((entry) => itemCard(entry.item))}
      empty="Nothing is trending yet: what people watch this week shows here."
    />
  );
}

/** One row per reason ("Because you watched …"); trending picks are left to the Trending row. */
function Recommendations() {
  const profileId = useProfileId() ?? undefined;
  const picks = useQuery({
    queryKey: ["recommendations", profileId ?? null],
    queryFn: () => ok(api.me.recommendations.$get({ query: { profileId, limit: "40" } })),
  });
  if (!picks.isSuccess) return <QueryRow title="Recommended for you" query={picks} cards={() => []} />;
  const byReason = new Map<string, ItemSummary[]>();
  for (const pick of picks.data.items) {
    if (pick.source === "trending") continue;
    byReason.set(pick.reason, [...(byReason.get(pick.reason) ?? []), pick.item]);
  }
  return [...byReason].map(([reason, items]) => (
    <QueryRow key={reason} title={reason} query={picks} cards={() => items.map((item) => itemCard(item))} />
  ));
}

function GenreRow({ id, name }: { id: string; name: string }) {
  const titles = useQuery({
    queryKey: ["genre-titles", id],
    queryFn: async () => {
      const query = { genre: id, sort: "popular" as const, limit: ROW };
      const [movies, series] = await Promise.all([ok(api.movies.$get({ query })), ok(api.series.$get({ query }))]);
      return [...movies.items.map(movieCard("movies")), ...series.items.map(movieCard("series"))];
    },
  });
  return <QueryRow title={name} query={titles} cards={(cards) => cards} />;
}

function Genres() {
  const genres = useQuery({ queryKey: ["genres"], queryFn: () => ok(api.genres.$get({ query: { limit: "100" } })) });
  if (!genres.isSuccess) return <QueryRow title="Genres" query={genres} cards={() => []} />;
  return genres.data.items.map((genre) => <GenreRow key={genre.id} id={genre.id} name={genre.name} />);
}

function NewReleases() {
  const releases = useQuery({
    queryKey: ["new-releases"],
    queryFn: () => ok(api.movies.$get({ query: { sort: "year", limit: ROW } })),
  });
  return <QueryRow title="New releases" query={releases} cards={(page) => page.items.map(movieCard("movies"))} />;
}

export default function Home() {
  return (
    <main id="main" className="page home">
      <h1 className="visually-hidden">Home</h1>
      <Hero />
      <ContinueWatching />
      <Trending />
      <Recommendations />
      <NewReleases />
      <Genres />
    </main>
  );
}
