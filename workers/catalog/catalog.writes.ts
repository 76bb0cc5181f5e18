import type { Db } from "../lib/context";
import { bump, listScope, type Scope, titleScope } from "./cache";
import * as characters from "./characters.queries";
import * as genres from "./genres.queries";
import * as people from "./people.queries";
import * as seasons from "./seasons.queries";
import type { ArtworkColumn, TitleKind } from "./titles.queries";
import * as titles from "./titles.queries";
import type { TitleInput, TitleUpdate } from "./titles.schemas";

/*
 * Every catalog write goes through this module. Each function runs its D1 write (the *.queries
 * functions, which touch D1 only) and then bumps exactly the cache scopes (cache.ts) that write
 * makes stale, before the handler answers; nothing is bumped when nothing was written. So no
 * handler has to remember a bump, and what each write invalidates is read in one place:
 *
 *   `movies` / `series`   every page of that list: a summary's fields, membership, order, and the
 *                         `person` filter (casts); a series' season count
 *   `movie:<id>` ...      one title's detail: its fields, genres (by name), cast (character and
 *                         person names, photos), seasons and episodes, and engagement's like count
 *   `search`              every search answer: the indexed text (titles, synopses, episode titles,
 *                         names, bios), a hit's year, image and episode numbers
 */

const titleScopes = (kind: TitleKind, id: string): Scope[] => [listScope[kind], titleScope(kind, id), "search"];
const bothLists: Scope[] = [listScope.movie, listScope.series];

// --- movies and series

/** A new title: its list and search (its own detail was never cached: it did not exist). */
export async function createTitle(db: Db, env: Env, kind: TitleKind, input: TitleInput): Promise<string> {
  const id = await titles.createTitle(db, kind, input);
  await bump(env, [listScope[kind], "search"]);
  return id;
}

export async function updateTitle(db: Db, env: Env, kind: TitleKind, id: string, changes: TitleUpdate): Promise<boolean> {
  const updated = await titles.updateTitle(db, kind, id, changes);
  if (updated) await bump(env, titleScopes(kind, id));
  return updated;
}

/** The cast shows in the detail, and decides which titles a list filtered by `person` holds; search does not index it. */
export async function setCast(db: Db, env: Env, kind: TitleKind, id: string, characterIds: string[]): Promise<boolean> {
  const updated = await titles.setCast(db, kind, id, characterIds);
  if (updated) await bump(env, [listScope[kind], titleScope(kind, id)]);
  return updated;
}

export async function deleteTitle(db: Db, env: Env, kind: TitleKind, id: string): Promise<boolean> {
  const deleted = await titles.deleteTitle(db, kind, id);
  if (deleted) await bump(env, titleScopes(kind, id));
  return deleted;
}

/** A poster or backdrop shows in the list entry, the detail and (the poster) as the search hit's image. */
export async function setTitleArtwork(db: Db, env: Env, kind: TitleKind, id: string, column: ArtworkColumn, key: string | null) {
  const updated = await titles.setTitleArtwork(db, kind, id, column, key);
  if (updated) await bump(env, titleScopes(kind, id));
  return updated;
}

/**
 * For fields another domain adds to a title's detail before it is cached (engagement's like
 * count, see title-details.ts): call after changing them, before answering.
 */
export async function titleDetailChanged(env: Env, kind: TitleKind, id: string): Promise<void> {
  await bump(env, [titleScope(kind, id)]);
}

// --- seasons and episodes: shown in their series' detail; a season also in its list entry's count

type SeasonInput = Parameters<typeof seasons.createSeason>[2];
type SeasonChanges = Parameters<typeof seasons.updateSeason>[2];

export async function createSeason(db: Db, env: Env, seriesId: string, input: SeasonInput) {
  const season = await seasons.createSeason(db, seriesId, input);
  // Still empty: no episode of it is searchable yet.
  await bump(env, [listScope.series, titleScope("series", seriesId)]);
  return season;
}

/** A season's number shows in its episodes' search hits. */
export async function updateSeason(db: Db, env: Env, id: string, changes: SeasonChanges) {
  const season = await seasons.updateSeason(db, id, changes);
  if (season) await bump(env, [titleScope("series", season.seriesId), "search"]);
  return season;
}

/** Its episodes go with it, out of search too. */
export async function deleteSeason(db: Db, env: Env, id: string): Promise<boolean> {
  const seriesId = await seasons.deleteSeason(db, id);
  if (seriesId) await bump(env, titleScopes("series", seriesId));
  return seriesId !== undefined;
}

type EpisodeInput = Parameters<typeof seasons.createEpisode>[2];

const episodeScopes = (seriesId: string): Scope[] => [titleScope("series", seriesId), "search"];

export async function createEpisode(db: Db, env: Env, seasonId: string, input: EpisodeInput) {
  const episode = await seasons.createEpisode(db, seasonId, input);
  if (episode) await bump(env, episodeScopes(episode.seriesId));
  return episode;
}

export async function updateEpisode(db: Db, env: Env, id: string, changes: seasons.EpisodeFields) {
  const episode = await seasons.updateEpisode(db, id, changes);
  if (episode) await bump(env, episodeScopes(episode.seriesId));
  return episode;
}

export async function deleteEpisode(db: Db, env: Env, id: string): Promise<boolean> {
  const seriesId = await seasons.deleteEpisode(db, id);
  if (seriesId) await bump(env, episodeScopes(seriesId));
  return seriesId !== undefined;
}

// --- people: searchable, and shown in the casts of the titles they play in

export async function createPerson(db: Db, env: Env, input: Parameters<typeof people.createPerson>[1]) {
  const person = await people.createPerson(db, input);
  await bump(env, ["search"]);
  return person;
}

/** Also sets or clears the photo (artwork). */
export async function updatePerson(db: Db, env: Env, id: string, changes: Parameters<typeof people.updatePerson>[2]) {
  const { person, touched } = await people.updatePerson(db, id, changes);
  if (person) await bump(env, [...touched, "search"]);
  return person;
}

/** Only a person who plays no character can go, so no cast showed them. */
export async function deletePerson(db: Db, env: Env, id: string): Promise<boolean> {
  const deleted = await people.deletePerson(db, id);
  if (deleted) await bump(env, ["search"]);
  return deleted;
}

// --- characters: shown in the casts that name them; who plays them decides the `person` filter

/** A new character is in no cast yet: nothing cached shows it. */
export const createCharacter = (db: Db, input: { name: string; personId: string }) => characters.createCharacter(db, input);

export async function updateCharacter(db: Db, env: Env, id: string, changes: { name?: string; personId?: string }) {
  const { character, touched } = await characters.updateCharacter(db, id, changes);
  if (character) await bump(env, [...touched, ...(changes.personId === undefined ? [] : bothLists)]);
  return character;
}

export async function deleteCharacter(db: Db, env: Env, id: string): Promise<boolean> {
  const { deleted, touched } = await characters.deleteCharacter(db, id);
  if (deleted) await bump(env, [...touched, ...bothLists]);
  return deleted;
}

// --- genres: shown by name in the details of the titles carrying them (lists show only ids)

/** A new genre is on no title yet: nothing cached shows it. */
export const createGenre = (db: Db, name: string) => genres.createGenre(db, name);

export async function renameGenre(db: Db, env: Env, id: string, name: string) {
  const { genre, touched } = await genres.renameGenre(db, id, name);
  if (genre) await bump(env, touched);
  return genre;
}

/** Only a genre no title carries can go: nothing cached showed it. */
export const deleteGenre = (db: Db, id: string) => genres.deleteGenre(db, id);
