import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newBuyer } from "./box-office";
import { expectAccessible, newPage, newStaff, signInInPage, stackApi, watchErrors } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

let made = 0;
const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${(made++).toString(36)}`;

/** Tomorrow as the browser's date field and Now showing's `?date=` write it (local `YYYY-MM-DD`). */
function tomorrow() {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, "0")}-${String(at.getDate()).padStart(2, "0")}`;
}

async function signIn(page: Page, email: string, password: string) {
  await signInInPage(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), soon);
}

/** Holds `seats` for a new buyer and pays with the card that always succeeds. */
async function buy(showtimeId: string, seats: string[]) {
  const buyer = await newBuyer("theaterbuyer");
  const client = stackApi(buyer.token);
  const hold = await client.showtimes[":id"].holds.$post({ param: { id: showtimeId }, json: { seats } });
  if (hold.status !== 201) throw new Error(`holding ${seats} answered ${hold.status}`);
  const { id: holdId } = await hold.json();
  const order = await client.orders.$post({
    header: { "idempotency-key": `theaters-${holdId}` },
    json: { holdId, card: { number: "4242 4242 4242 4242", expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: "123" } },
  });
  if (order.status !== 201) throw new Error(`paying answered ${order.status}`);
}

/** Fills the New showtime form (already open) and submits it. */
async function scheduleShowtime(page: Page, movie: string, theater: string, date: string, time: string) {
  await page.getByRole("heading", { level: 1, name: "New showtime" }).waitFor(soon);
  await page.getByLabel("Find a movie").fill(movie);
  const movieSelect = page.getByLabel("Movie", { exact: true });
  await expect.poll(() => movieSelect.locator("option", { hasText: movie }).count(), soon).toBe(1);
  await movieSelect.selectOption({ label: (await movieSelect.locator("option", { hasText: movie }).textContent()) ?? movie });
  const theaterSelect = page.getByLabel("Theater", { exact: true });
  await expect.poll(() => theaterSelect.locator("option", { hasText: theater }).count(), soon).toBe(1);
  await theaterSelect.selectOption({
    label: (await theaterSelect.locator("option", { hasText: theater }).textContent()) ?? theater,
  });
  await page.getByLabel("Date", { exact: true }).fill(date);
  await page.getByLabel("Time", { exact: true }).fill(time);
  await page.getByLabel("Standard price").fill("11.50");
  await page.getByLabel("Premium price (optional)").fill("14");
  await page.getByRole("button", { name: "Schedule showtime" }).click();
}

describe("staff: theaters and showtimes", () => {
  it("the day's schedule and the theater list fit a phone", { timeout: 120_000 }, async () => {
    const admin = await newStaff("admin", "theaterphone");
    const { context, page } = await newPage({ width: 360, height: 740 });
    const errors = watchErrors(page);
    await signIn(page, admin.email, admin.password);
    for (const path of ["/staff/showtimes", "/staff/theaters", "/staff/theaters/new", "/staff/showtimes/new"]) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1 }).waitFor(soon);
      await page.getByRole("status", { name: /^Loading/ }).waitFor({ state: "detached", ...soon });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0);
      await expectAccessible(page);
    }
    errors.expectNone();
    await context.close();
  });

  it("a movie, a theater with a blocked seat and a showtime: buyers find it and cannot pick the blocked seat; overlap and cancel", {
    timeout: 300_000,
  }, async () => {
    const admin = await newStaff("admin", "theaters");
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signIn(page, admin.email, admin.password);

    // A movie, through the catalog's form.
    const title = unique("Door Film");
    await page.goto("/staff/catalog/movies/new");
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Runtime (minutes)").fill("95");
    await page.getByLabel("Release year").fill("2024");
    await page.getByRole("button", { name: "Create movie" }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor(soon);

    // A theater: 5 rows of 10 by default; A3 blocked from the keyboard, B5 with the toolbar's kind and a click.
    const theater = unique("Screen");
    await page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Theaters" }).click();
    await page.getByRole("heading", { level: 1, name: "Theaters" }).waitFor(soon);
    await page.getByRole("link", { name: "New theater" }).click();
    await page.getByRole("heading", { level: 1, name: "New theater" }).waitFor(soon);
    await page.getByLabel("Name", { exact: true }).fill(theater);
    await page.getByText("50 seats · 5 rows × 10 columns").waitFor(soon);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Row A, seat 1, standard" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("x");
    await page.getByRole("button", { name: "Row A, seat 3, blocked" }).waitFor(soon);
    await page.getByText("49 seats · 1 blocked").waitFor(soon);
    // Row E premium from the keyboard, an aisle after seat 5 (the seats after it are renumbered).
    await page.keyboard.press("PageDown");
    await page.keyboard.press("Home");
    for (let seat = 0; seat < 10; seat++) {
      await page.keyboard.press("p");
      await page.keyboard.press("ArrowRight");
    }
    await page.getByRole("button", { name: "Row E, seat 10, premium" }).waitFor(soon);
    await page.getByRole("button", { name: "Row B, seat 6, standard" }).focus();
    await page.keyboard.press(" ");
    await page.getByRole("button", { name: "Row B, column 6, aisle" }).waitFor(soon);
    expect(await page.getByRole("button", { name: "Row B, seat 9, standard" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Row B, seat 10, standard" }).count()).toBe(0);
    await page.getByRole("radio", { name: /Wheelchair/ }).check();
    await page.getByRole("button", { name: "Row A, seat 1, standard" }).click();
    await page.getByRole("button", { name: "Row A, seat 1, wheelchair" }).waitFor(soon);
    await page.getByText("48 seats · 1 blocked").waitFor(soon);
    // A column added and taken away again.
    await page.getByRole("button", { name: "Add column" }).click();
    await page.getByText("53 seats · 1 blocked · 5 rows × 11 columns").waitFor(soon);
    await page.getByRole("button", { name: "Remove last column" }).click();
    await page.getByText("48 seats · 1 blocked · 5 rows × 10 columns").waitFor(soon);

    await page.getByRole("button", { name: "Create theater" }).click();
    await page.getByRole("heading", { level: 1, name: theater }).waitFor(soon);
    await page.getByText(`${theater} was created. 48 seats.`).waitFor(soon);
    const theaterPath = new URL(page.url()).pathname;

    // A showtime tomorrow at 20:00 in it.
    const day = tomorrow();
    await page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Showtimes" }).click();
    await page.getByRole("heading", { level: 1, name: "Showtimes" }).waitFor(soon);
    await page.getByRole("link", { name: "New showtime" }).click();
    await expectAccessible(page);
    await scheduleShowtime(page, title, theater, day, "20:00");
    await page.getByRole("heading", { level: 1, name: new RegExp(`^${title}, `) }).waitFor(soon);
    const showtimeId = new URL(page.url()).pathname.split("/").pop() ?? "";
    await page.getByText(`Scheduled: ${title} at`).waitFor(soon);

    // The same theater at 21:00 overlaps (95 min + 15 min cleaning): the API's words, at the time.
    await page.goto(`/staff/showtimes/new?day=${day}`);
    await scheduleShowtime(page, title, theater, day, "21:00");
    await page.getByText("Another showtime in this theater overlaps that time (cleaning buffer included)").waitFor(soon);
    const timeField = page.getByLabel("Time", { exact: true });
    expect(await timeField.getAttribute("aria-invalid")).toBe("true");
    // The refusal is read where the focus lands: the time field, which it describes.
    expect(await timeField.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(
      await timeField.evaluate(
        (el) => document.getElementById(el.getAttribute("aria-describedby")?.split(" ")[0] ?? "")?.textContent,
      ),
    ).toBe("Another showtime in this theater overlaps that time (cleaning buffer included)");
    await expectAccessible(page);

    // The day's list has it.
    await page.goto(`/staff/showtimes?day=${day}`);
    const row = page.getByRole("row").filter({ hasText: theater });
    await row.waitFor(soon);
    expect(await row.textContent()).toContain(title);
    await expectAccessible(page);

    // A buyer finds it in Now showing and cannot pick the blocked seat.
    const buyer = await newBuyer("picker");
    const shopper = await newPage();
    const shopperErrors = watchErrors(shopper.page);
    await signIn(shopper.page, buyer.email, buyer.password);
    await shopper.page.goto(`/cinema?date=${day}`);
    const link = shopper.page.getByRole("list", { name: `Showtimes of ${title}` }).getByRole("link");
    await link.waitFor(soon);
    expect(await link.getAttribute("href")).toBe(`/showtimes/${showtimeId}`);
    await link.click();
    const blocked = shopper.page
      .getByRole("group", { name: /Seat map/ })
      .getByRole("checkbox", { name: "Row A, seat 3, standard, blocked, 11.50" });
    await blocked.waitFor(soon);
    expect(await blocked.getAttribute("aria-disabled")).toBe("true");
    await blocked.click({ force: true });
    await blocked.press(" ");
    expect(await blocked.getAttribute("aria-checked")).toBe("false");
    shopperErrors.expectNone();
    await shopper.context.close();

    // While the showtime is scheduled the seat map cannot change, nor can the theater go: the API's words.
    await page.goto(theaterPath);
    await page.getByRole("heading", { level: 1, name: theater }).waitFor(soon);
    await page.getByRole("button", { name: "Row C, seat 5, standard" }).focus();
    await page.keyboard.press("p");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "The seat map cannot change while 1 scheduled showtime that has not ended uses it" })
      .waitFor(soon);
    // Put back, and renamed: the same map is no change, so the rename is saved.
    await page.getByRole("button", { name: "Row C, seat 5, premium" }).focus();
    await page.keyboard.press("s");
    await page.getByRole("button", { name: "Row C, seat 5, standard" }).waitFor(soon);
    const renamed = `${theater} (renamed)`;
    await page.getByLabel("Name", { exact: true }).fill(renamed);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved. 48 seats.").waitFor(soon);
    await page.getByRole("heading", { level: 1, name: renamed }).waitFor(soon);
    await page.getByRole("button", { name: "Delete theater" }).click();
    await page.getByText(`Delete ${renamed} and its seat layout? This cannot be undone.`).waitFor(soon);
    await page.getByRole("button", { name: `Delete ${renamed}` }).click();
    await page.getByRole("alert").filter({ hasText: "This theater cannot be deleted while 1 scheduled showtime" }).waitFor(soon);
    await expectAccessible(page);

    // One order of two tickets; cancelling names it, refunds it and the showtime reads cancelled.
    await buy(showtimeId, ["C4", "C5"]);
    await page.goto(`/staff/showtimes/${showtimeId}`);
    await page.getByRole("button", { name: "Cancel showtime" }).click();
    await page.getByText(/^Cancel the .+ showing of .+\? 1 paid order \(2 tickets\) will be refunded in full\.$/).waitFor(soon);
    expect(await page.getByText(`showing of ${title}?`).count()).toBe(1);
    await page.getByRole("button", { name: "Keep it" }).click();
    await page.getByRole("button", { name: "Cancel showtime" }).click();
    await page.getByRole("button", { name: "Cancel showtime and refund" }).click();
    await page.getByText("The showtime is cancelled. 1 order was refunded in full.").waitFor(soon);
    await page
      .getByRole("definition")
      .filter({ hasText: /^Cancelled$/ })
      .waitFor(soon);
    expect(await page.getByRole("button", { name: "Cancel showtime" }).count()).toBe(0);

    // With nothing scheduled, the theater can go (behind its confirmation) and leaves the list.
    await page.goto(theaterPath);
    await page.getByRole("button", { name: "Delete theater" }).click();
    await page.getByRole("button", { name: `Delete ${renamed}` }).click();
    await page.getByText(`${renamed} was deleted.`).waitFor(soon);
    await page.getByRole("heading", { level: 1, name: "Theaters" }).waitFor(soon);
    expect(await page.getByRole("link", { name: renamed }).count()).toBe(0);

    // The overlap was a 409, which the browser logs as a failed resource; nothing else.
    errors.expectNone([/status of 409/]);
    await context.close();
  });
});
