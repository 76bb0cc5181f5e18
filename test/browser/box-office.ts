import type { Page } from "playwright-core";
import { premiumLayout } from "../../scripts/seed-cinema.mjs";
import { adminToken, newPage, newPerson, stackApi, watchErrors } from "./browser";

let made = 0;

/**
 * A showtime of its own (in a theater of its own, so no other test's holds or schedule touch it),
 * starting tomorrow evening. `holdTtlSeconds` short to see holds expire.
 */
export async function newShowtime(options: { holdTtlSeconds?: number; price?: number } = {}) {
  const admin = stackApi(await adminToken());
  const theater = await admin.theaters.$post({
    json: { name: `Test screen ${Date.now().toString(36)}${(made++).toString(36)}`, layout: premiumLayout },
  });
  if (theater.status !== 201) throw new Error(`creating a theater answered ${theater.status}`);
  const { id: theaterId } = await theater.json();
  const movies = await stackApi().movies.$get({ query: { limit: "1" } });
  if (movies.status !== 200) throw new Error(`listing movies answered ${movies.status}`);
  const movie = (await movies.json()).items[0];
  if (!movie) throw new Error("the demo catalog has no movie");
  const startsAt = new Date(Date.now() + 24 * 3600_000);
  startsAt.setUTCHours(19, 30, 0, 0);
  const showtime = await admin.showtimes.$post({
    json: {
      movieId: movie.id,
      theaterId,
      startsAt: startsAt.toISOString(),
      price: options.price ?? 1000,
      prices: { premium: 1250 },
      holdTtlSeconds: options.holdTtlSeconds ?? 480,
    },
  });
  if (showtime.status !== 201) throw new Error(`creating a showtime answered ${showtime.status}`);
  const { id } = await showtime.json();
  return { id, theaterId, movieId: movie.id, movieTitle: movie.title, startsAt: startsAt.toISOString() };
}

/** A new buyer registered through the API: their details and access token. */
export async function newBuyer(prefix = "buyer") {
  const person = newPerson(prefix);
  const registered = await stackApi().auth.register.$post({ json: person });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  const session = await registered.json();
  return { ...person, id: session.user.id, token: session.accessToken };
}

/** Types a new card into a checkout's "Pay with" ("A new card" is a choice only beside saved cards). */
export async function typeNewCard(page: Page, number: string, name = "Ada Buyer") {
  const newCard = page.getByRole("radio", { name: "A new card" });
  if ((await newCard.count()) > 0) await newCard.check();
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry (MM/YY)").fill("12/34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Name on card").fill(name);
}

export type Buyer = Awaited<ReturnType<typeof newBuyer>>;

/** `buyer` signed in through the page, landing on `path` (its query left out of the wait). */
export async function signInAs(
  buyer: { email: string; password: string },
  path: string,
  viewport?: { width: number; height: number },
) {
  const { context, page } = await newPage(viewport);
  const errors = watchErrors(page);
  await page.goto(`/sign-in?next=${encodeURIComponent(path)}`);
  await page.getByLabel("Email or username").fill(buyer.email);
  await page.getByLabel("Password", { exact: true }).fill(buyer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === path.split("?")[0], { timeout: 30_000 });
  return { context, page, errors };
}

/** A hold made through the API for `buyer`. */
export async function holdByApi(buyer: Buyer, showtimeId: string, seats: string[]) {
  const res = await stackApi(buyer.token).showtimes[":id"].holds.$post({ param: { id: showtimeId }, json: { seats } });
  if (res.status !== 201) throw new Error(`holding ${seats.join(", ")} answered ${res.status}`);
  return res.json();
}

/** Seats bought through the API with 4242…, for the pages that show what was bought. */
export async function buyByApi(buyer: Buyer, showtimeId: string, seats: string[]) {
  const hold = await holdByApi(buyer, showtimeId, seats);
  const res = await stackApi(buyer.token).orders.$post({
    json: { holdId: hold.id, card: { number: "4242424242424242", expMonth: 12, expYear: 2034, cvc: "123" } },
    header: { "idempotency-key": crypto.randomUUID() },
  });
  if (res.status !== 201) throw new Error(`paying answered ${res.status}`);
  return res.json();
}
