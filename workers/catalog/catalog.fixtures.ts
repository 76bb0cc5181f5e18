// Shared by the catalog tests: admin writes through the real API.
import { signInAdmin, unique } from "../../test/api";
import { client, expectJson } from "../../test/client";

let adminToken: Promise<string> | undefined;
export const admin = () => {
  adminToken ??= signInAdmin().then((a) => a.accessToken);
  return adminToken;
};

export const newGenre = async (name = unique("Genre ")) =>
  expectJson(await client(await admin()).genres.$post({ json: { name } }), 201);
type Api = ReturnType<typeof client>;
type PersonInput = Parameters<Api["people"]["$post"]>[0]["json"];
type MovieInput = Parameters<Api["movies"]["$post"]>[0]["json"];
type SeriesInput = Parameters<Api["series"]["$post"]>[0]["json"];
type SeasonInput = Parameters<Api["series"][":id"]["seasons"]["$post"]>[0]["json"];
type EpisodeInput = Parameters<Api["seasons"][":id"]["episodes"]["$post"]>[0]["json"];

export const newPerson = async (name = unique("Person "), extra: Partial<PersonInput> = {}) =>
  expectJson(await client(await admin()).people.$post({ json: { name, ...extra } }), 201);
export const newCharacter = async (personId?: string, name = unique("Character ")) => {
  const json = { name, personId: personId ?? (await newPerson()).id };
  return expectJson(await client(await admin()).characters.$post({ json }), 201);
};

export const movieBody = (extra: Partial<MovieInput> = {}) => ({
  title: unique("Movie "),
  releaseYear: 2020,
  runtimeMinutes: 100,
  ...extra,
});
export const newMovie = async (extra: Partial<MovieInput> = {}) =>
  expectJson(await client(await admin()).movies.$post({ json: movieBody(extra) }), 201);
export const newSeries = async (extra: Partial<SeriesInput> = {}) =>
  expectJson(await client(await admin()).series.$post({ json: { title: unique("Series "), releaseYear: 2019, ...extra } }), 201);
export const newSeason = async (seriesId: string, json: SeasonInput) =>
  expectJson(await client(await admin()).series[":id"].seasons.$post({ param: { id: seriesId }, json }), 201);
export const newEpisode = async (seasonId: string, json: EpisodeInput) =>
  expectJson(await client(await admin()).seasons[":id"].episodes.$post({ param: { id: seasonId }, json }), 201);

/** A tiny valid PNG (1x1). */
export const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);
