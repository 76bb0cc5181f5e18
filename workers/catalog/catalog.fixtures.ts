// Shared by the catalog tests: admin writes through the real API.
import { expect } from "vitest";
import { api, signInAdmin, unique } from "../../test/api";
import { client, expectJson } from "../../test/client";

let adminToken: Promise<string> | undefined;
export const admin = () => {
  adminToken ??= signInAdmin().then((a) => a.accessToken);
  return adminToken;
};

export async function created(path: string, body: unknown) {
  const res = await api("POST", path, { token: await admin(), body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export const newGenre = async (name = unique("Genre ")) =>
  expectJson(await client(await admin()).genres.$post({ json: { name } }), 201);
export const newPerson = (name = unique("Person "), extra: Record<string, unknown> = {}) =>
  created("/api/people", { name, ...extra });
export const newCharacter = async (personId?: string, name = unique("Character ")) =>
  created("/api/characters", { name, personId: personId ?? (await newPerson()).id });

export const movieBody = (extra: Record<string, unknown> = {}) => ({
  title: unique("Movie "),
  releaseYear: 2020,
  runtimeMinutes: 100,
  ...extra,
});
export const newMovie = (extra: Record<string, unknown> = {}) => created("/api/movies", movieBody(extra));
export const newSeries = (extra: Record<string, unknown> = {}) =>
  created("/api/series", { title: unique("Series "), releaseYear: 2019, ...extra });

/** A tiny valid PNG (1x1). */
export const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);
