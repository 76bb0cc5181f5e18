import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newBuyer, newShowtime } from "./box-office";
import { adminToken, expectAccessible, newPage, newStaff, signInInPage, stackApi, watchErrors } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

/** Holds `seats` for a new buyer and pays with the test card that always succeeds: the tickets' codes by seat. */
async function buyTickets(showtimeId: string, seats: string[]) {
  const buyer = await newBuyer();
  const client = stackApi(buyer.token);
  const hold = await client.showtimes[":id"].holds.$post({ param: { id: showtimeId }, json: { seats } });
  if (hold.status !== 201) throw new Error(`holding ${seats} answered ${hold.status}`);
  const { id: holdId } = await hold.json();
  const order = await client.orders.$post({
    header: { "idempotency-key": `door-${holdId}` },
    json: { holdId, card: { number: "4242 4242 4242 4242", expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: "123" } },
  });
  if (order.status !== 201) throw new Error(`paying answered ${order.status}`);
  const { tickets } = await order.json();
  return Object.fromEntries(tickets.map((t) => [t.seat, t.code]));
}

/** A showtime starting in a few minutes in the given theater: the door's "Showtime" lists it (the showings now and in the next hours). */
async function showtimeSoon(theaterId: string, movieId: string) {
  const created = await stackApi(await adminToken()).showtimes.$post({
    json: { movieId, theaterId, startsAt: new Date(Date.now() + 10 * 60_000).toISOString(), price: 900 },
  });
  if (created.status !== 201) throw new Error(`creating a showtime for now answered ${created.status}`);
  return (await created.json()).id;
}

async function signIn(page: Page, email: string, password: string) {
  await signInInPage(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), soon);
}

/** Types a code into the door's field and checks it in with Enter; answers the result overlay. */
async function scan(page: Page, code: string) {
  const field = page.getByLabel("Ticket code");
  await expect.poll(() => field.evaluate((el) => el === document.activeElement), soon).toBe(true);
  await field.fill(code);
  await field.press("Enter");
  const result = page.locator(".door-result");
  await result.waitFor(soon);
  return result;
}

/** Dismisses the result with a key; the code field is focused and empty again. */
async function dismiss(page: Page) {
  await page.keyboard.press("Escape");
  await page.locator(".door-result").waitFor({ state: "detached", ...soon });
  const field = page.getByLabel("Ticket code");
  expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await field.inputValue()).toBe("");
}

describe("the door: checking tickets in", () => {
  it("admits a ticket once, then says when it was used; refuses another showtime's and unknown codes", {
    timeout: 180_000,
  }, async () => {
    const showtime = await newShowtime();
    const codes = await buyTickets(showtime.id, ["E7", "E8"]);
    const soonId = await showtimeSoon(showtime.theaterId, showtime.movieId);
    const moderator = await newStaff("moderator", "door");

    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signIn(page, moderator.email, moderator.password);
    await page.goto("/staff/door");
    await page.getByRole("heading", { level: 1, name: "Check-in" }).waitFor(soon);
    await expectAccessible(page);

    // First scan: admitted, the seat named.
    const admitted = await scan(page, codes.E7);
    await expect.poll(() => admitted.textContent(), soon).toContain("Admitted — Row E, seat 7");
    expect(await page.getByRole("alert").filter({ hasText: "Admitted" }).count()).toBe(1);
    expect(await admitted.textContent()).toContain(showtime.movieTitle);
    await expectAccessible(page);
    await dismiss(page);

    // The same code again: refused, with the time it was used.
    const again = await scan(page, codes.E7);
    await expect.poll(() => again.textContent(), soon).toMatch(/Already used at \d{1,2}[:.]\d{2}/);
    await dismiss(page);

    // The door set to the other showtime, the one starting now: E8's ticket is for another one, which the result names.
    await page.getByLabel("Showtime").selectOption(soonId);
    const wrong = await scan(page, codes.E8);
    await expect.poll(() => wrong.textContent(), soon).toContain("Wrong showtime");
    expect(await wrong.textContent()).toContain(`This ticket is for ${showtime.movieTitle}`);
    await dismiss(page);

    // Back to any showtime: E8 is admitted after all (the wrong-showtime scan changed nothing).
    await page.getByLabel("Showtime").selectOption("");
    const later = await scan(page, codes.E8);
    await expect.poll(() => later.textContent(), soon).toContain("Admitted — Row E, seat 8");
    // Left alone, the result goes by itself and the field is ready.
    await later.waitFor({ state: "detached", timeout: 10_000 });

    const unknown = await scan(page, "NO-SUCH-CODE-123");
    await expect.poll(() => unknown.textContent(), soon).toContain("No ticket with that code");
    // A click closes it too.
    await page.mouse.click(10, 10);
    await unknown.waitFor({ state: "detached", ...soon });

    // The Check in button works like Enter.
    await page.getByLabel("Ticket code").fill(codes.E7);
    await page.getByRole("button", { name: "Check in" }).click();
    await expect.poll(() => page.locator(".door-result").textContent(), soon).toMatch(/Already used at/);

    // The API answers 404 for the unknown code, which the browser logs as a failed resource; nothing else.
    errors.expectNone([/status of 404/, /status of 409/]);
    await context.close();
  });

  it("is for staff only, and fits a phone", { timeout: 120_000 }, async () => {
    const buyer = await newBuyer("notstaff");
    const { context, page } = await newPage({ width: 360, height: 740 });
    const errors = watchErrors(page);
    await signIn(page, buyer.email, buyer.password);
    await page.goto("/staff/door");
    await page.getByRole("heading", { level: 1, name: "Staff only" }).waitFor(soon);
    errors.expectNone();
    await context.close();

    const moderator = await newStaff("moderator", "doorphone");
    const phone = await newPage({ width: 360, height: 740 });
    const phoneErrors = watchErrors(phone.page);
    await signIn(phone.page, moderator.email, moderator.password);
    await phone.page.goto("/staff/door");
    await phone.page.getByLabel("Ticket code").waitFor(soon);
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(phone.page);
    phoneErrors.expectNone();
    await phone.context.close();
  });
});
