import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type Buyer, buyByApi, holdByApi, newBuyer, newShowtime, signInAs, typeNewCard } from "./box-office";
import { expectAccessible, stackApi } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

/** A buyer (registered through the API unless given) signed in through the page, landing on `path`. */
async function signedIn(path: string, options: { buyer?: Buyer; viewport?: { width: number; height: number } } = {}) {
  const buyer = options.buyer ?? (await newBuyer());
  return { buyer, ...(await signInAs(buyer, path, options.viewport)) };
}

/** A seat of the picker by its label: "E7" → the checkbox named "Row E, seat 7, …". */
const seat = (page: Page, label: string) =>
  page.getByRole("checkbox", { name: new RegExp(`^Row ${label[0]}, seat ${label.slice(1)},`) });

async function holdStatus(buyer: Buyer, holdId: string) {
  const res = await stackApi(buyer.token).holds[":id"].$get({ param: { id: holdId } });
  return res.status === 200 ? (await res.json()).status : `HTTP ${res.status}`;
}

async function paidOrders(buyer: Buyer) {
  const res = await stackApi(buyer.token).me.orders.$get({ query: { limit: "50" } });
  if (res.status !== 200) throw new Error(`GET /me/orders answered ${res.status}`);
  return (await res.json()).items.filter((o) => o.status === "paid");
}

async function charges(buyer: Buyer) {
  const res = await stackApi(buyer.token).me.payments.$get({ query: { limit: "50" } });
  if (res.status !== 200) throw new Error(`GET /me/payments answered ${res.status}`);
  return (await res.json()).items.filter((p) => p.status === "succeeded");
}

const holdIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");

describe("checkout, confirmation and My tickets", () => {
  it("A holds E7+E8 in the picker; B sees them held within a second and cannot take them; A pays with 4242…; B sees them sold; A's tickets show two QR codes", {
    timeout: 180_000,
  }, async () => {
    const showtime = await newShowtime();
    const a = await signedIn(`/showtimes/${showtime.id}`);
    const b = await signedIn(`/showtimes/${showtime.id}`);
    await seat(a.page, "E7").waitFor(soon);
    await seat(b.page, "E7").waitFor(soon);
    // B's map is live before A holds (its socket is open once the map shows the seats it sent).
    await expect.poll(() => seat(b.page, "E8").getAttribute("aria-label"), soon).toBe("Row E, seat 8, premium, available, 12.50");

    await seat(a.page, "E7").click();
    await seat(a.page, "E8").click();
    const answered = a.page.waitForResponse((res) => res.request().method() === "POST" && /\/holds$/.test(res.url()));
    await a.page.getByRole("button", { name: "Hold seats" }).click();
    expect((await answered).status()).toBe(201);
    const heldAt = Date.now();
    await expect
      .poll(
        async () => [await seat(b.page, "E7").getAttribute("aria-label"), await seat(b.page, "E8").getAttribute("aria-label")],
        { timeout: 1_000, interval: 25 },
      )
      .toEqual(["Row E, seat 7, premium, held, 12.50", "Row E, seat 8, premium, held, 12.50"]);
    expect(Date.now() - heldAt).toBeLessThan(1_000);
    expect(await seat(b.page, "E7").getAttribute("aria-disabled")).toBe("true");
    expect(await seat(b.page, "E8").getAttribute("aria-disabled")).toBe("true");
    await seat(b.page, "E7").click({ force: true });
    expect(await seat(b.page, "E7").getAttribute("aria-checked")).toBe("false");

    await a.page.waitForURL(/\/checkout\/[^/]+$/, soon);
    await a.page.getByRole("heading", { name: "Checkout", level: 1 }).waitFor(soon);
    await a.page.getByRole("heading", { name: showtime.movieTitle }).waitFor(soon);
    const seats = a.page.getByRole("list", { name: "Your seats" });
    await seats.getByText("Row E, seat 7").waitFor(soon);
    await seats.getByText("Row E, seat 8").waitFor(soon);
    expect(await a.page.getByRole("timer").textContent()).toMatch(/^0[78]:\d\d$/);
    // A new buyer has no saved card: the new card's fields are there at once, with the test cards listed in development.
    await a.page.getByLabel("Card number").waitFor(soon);
    expect(await a.page.getByRole("radio", { name: "A new card" }).count()).toBe(0);
    await a.page.getByText("Test cards (development)").click();
    const declining = a.page.getByRole("listitem").filter({ hasText: "4000 0000 0000 0002" });
    expect(await declining.textContent()).toMatch(/^4000 0000 0000 0002 — Declined by the bank/);
    // The number is checked as it is typed.
    await a.page.getByLabel("Card number").fill("4242 4242 4242 4241");
    await a.page.getByText("This card number is not valid; check the digits").waitFor(soon);
    await typeNewCard(a.page, "4242 4242 4242 4242");
    expect(await a.page.getByText("This card number is not valid").count()).toBe(0);
    await a.page.getByRole("button", { name: "Pay 25.00" }).click();

    await a.page.waitForURL(/\/orders\/[^/]+$/, soon);
    await a.page.getByRole("heading", { name: `You're going to ${showtime.movieTitle}`, level: 1 }).waitFor(soon);
    await a.page.getByRole("img", { name: /^QR code for ticket \S+, Row E, seat 7$/ }).waitFor(soon);
    await a.page.getByRole("img", { name: /^QR code for ticket \S+, Row E, seat 8$/ }).waitFor(soon);
    await expect
      .poll(
        async () => [await seat(b.page, "E7").getAttribute("aria-label"), await seat(b.page, "E8").getAttribute("aria-label")],
        soon,
      )
      .toEqual(["Row E, seat 7, premium, sold, 12.50", "Row E, seat 8, premium, sold, 12.50"]);

    // Add to calendar saves marquee-<movie>.ics.
    const download = a.page.waitForEvent("download");
    await a.page.getByRole("button", { name: "Add to calendar" }).click();
    expect((await download).suggestedFilename()).toMatch(/^marquee-[a-z0-9-]+\.ics$/);

    await a.page.getByRole("link", { name: "My tickets" }).last().click();
    await a.page.getByRole("heading", { name: "My tickets", level: 1 }).waitFor(soon);
    await expect.poll(() => a.page.getByRole("img", { name: /^QR code for ticket / }).count(), soon).toBe(2);
    expect(await a.page.getByText("Valid", { exact: true }).count()).toBe(2);
    a.errors.expectNone();
    b.errors.expectNone();
    await a.context.close();
    await b.context.close();
  });

  it("a declined card (4000 0000 0000 0002) says so and keeps the hold: B still sees the seats held; then 4242… pays", {
    timeout: 180_000,
  }, async () => {
    const showtime = await newShowtime();
    const a = await signedIn(`/showtimes/${showtime.id}`);
    const b = await signedIn(`/showtimes/${showtime.id}`);
    await seat(a.page, "E7").click();
    await a.page.getByRole("button", { name: "Hold seats" }).click();
    await a.page.waitForURL(/\/checkout\/[^/]+$/, soon);
    const holdId = holdIdOf(a.page);
    await typeNewCard(a.page, "4000 0000 0000 0002");
    await a.page.getByRole("button", { name: "Pay 12.50" }).click();
    await a.page.getByRole("alert").filter({ hasText: "The card was declined" }).waitFor(soon);
    expect(new URL(a.page.url()).pathname).toBe(`/checkout/${encodeURIComponent(holdId)}`);
    await a.page.getByRole("timer").waitFor(soon);
    expect(await holdStatus(a.buyer, holdId)).toBe("active");
    await expect.poll(() => seat(b.page, "E7").getAttribute("aria-label"), soon).toBe("Row E, seat 7, premium, held, 12.50");
    expect(await paidOrders(a.buyer)).toHaveLength(0);

    // Another card: a new request, so a new Idempotency-Key (the declined one's answer is final).
    await a.page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await a.page.getByRole("button", { name: "Pay 12.50" }).click();
    await a.page.waitForURL(/\/orders\/[^/]+$/, soon);
    await a.page.getByRole("img", { name: /^QR code for ticket \S+, Row E, seat 7$/ }).waitFor(soon);
    expect(await paidOrders(a.buyer)).toHaveLength(1);
    a.errors.expectNone([/status of 402/]);
    b.errors.expectNone();
    await a.context.close();
    await b.context.close();
  });

  it("a hold left alone expires: checkout says so and offers the seats again; B can then hold the seat", {
    timeout: 120_000,
  }, async () => {
    const showtime = await newShowtime({ holdTtlSeconds: 10 });
    const a = await signedIn(`/showtimes/${showtime.id}`);
    await seat(a.page, "E7").click();
    await a.page.getByRole("button", { name: "Hold seats" }).click();
    await a.page.waitForURL(/\/checkout\/[^/]+$/, soon);
    await a.page.getByRole("timer").waitFor(soon);
    await a.page.getByRole("status").filter({ hasText: "Less than a minute left to pay." }).waitFor(soon);
    await a.page.getByRole("alert").filter({ hasText: "Your hold expired and the seats were released" }).waitFor(soon);
    expect(await a.page.getByRole("button", { name: /^Pay / }).count()).toBe(0);
    const again = a.page.getByRole("link", { name: "Choose seats again" });
    expect(await again.getAttribute("href")).toBe(`/showtimes/${showtime.id}`);

    const b = await signedIn(`/showtimes/${showtime.id}`);
    await expect.poll(() => seat(b.page, "E7").getAttribute("aria-label"), soon).toBe("Row E, seat 7, premium, available, 12.50");
    await seat(b.page, "E7").click();
    await b.page.getByRole("button", { name: "Hold seats" }).click();
    await b.page.waitForURL(/\/checkout\/[^/]+$/, soon);
    await b.page.getByRole("list", { name: "Your seats" }).getByText("Row E, seat 7").waitFor(soon);

    // A goes back to the picker from the expired checkout and sees B's hold.
    await again.click();
    await expect.poll(() => seat(a.page, "E7").getAttribute("aria-label"), soon).toBe("Row E, seat 7, premium, held, 12.50");
    a.errors.expectNone();
    b.errors.expectNone();
    await a.context.close();
    await b.context.close();
  });

  it("More time extends the hold once; Cancel releases it and returns to the picker", { timeout: 120_000 }, async () => {
    const showtime = await newShowtime({ holdTtlSeconds: 60 });
    const buyer = await newBuyer();
    const hold = await holdByApi(buyer, showtime.id, ["C3"]);
    const { context, page, errors } = await signedIn(`/checkout/${encodeURIComponent(hold.id)}`, { buyer });
    const secondsLeft = async () => {
      const [m, s] = ((await page.getByRole("timer").textContent()) ?? "").split(":").map(Number);
      return m * 60 + s;
    };
    await page.getByRole("timer").waitFor(soon);
    // A few seconds into the hold, so "a TTL from now" reads later than the clock does.
    await expect.poll(secondsLeft, soon).toBeLessThanOrEqual(57);
    const before = await secondsLeft();
    await page.getByRole("button", { name: "More time" }).click();
    await page.getByText(/^More time given: your seats are held until /).waitFor(soon);
    expect(await page.getByRole("button", { name: "More time" }).count()).toBe(0);
    // Extended to a TTL from now (at most twice the TTL after the hold was made).
    await expect.poll(secondsLeft, soon).toBeGreaterThan(before);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.waitForURL(`**/showtimes/${showtime.id}`, soon);
    expect(await holdStatus(buyer, hold.id)).toBe("released");
    await expect.poll(() => seat(page, "C3").getAttribute("aria-label"), soon).toBe("Row C, seat 3, standard, available, 10.00");
    errors.expectNone();
    await context.close();
  });

  it("a saved default card is preselected by name and pays; a second saved card can be chosen instead", {
    timeout: 120_000,
  }, async () => {
    const showtime = await newShowtime();
    const buyer = await newBuyer();
    const client = stackApi(buyer.token);
    const save = (number: string, expYear: number) =>
      client.me["payment-methods"].$post({ json: { card: { number, expMonth: 12, expYear, cvc: "123" } } });
    expect((await save("4242424242424242", 2029)).status).toBe(201);
    expect((await save("5555555555554444", 2031)).status).toBe(201);
    const hold = await holdByApi(buyer, showtime.id, ["C4", "C5"]);
    const { context, page, errors } = await signedIn(`/checkout/${encodeURIComponent(hold.id)}`, { buyer });
    const visa = page.getByRole("radio", { name: /^Visa ending 4242, expires 12\/29/ });
    await visa.waitFor(soon);
    // The first card saved is the default.
    expect(await visa.isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: /^Mastercard ending 4444, expires 12\/31/ }).isChecked()).toBe(false);
    expect(await page.getByLabel("Card number").count()).toBe(0);
    await page.getByRole("radio", { name: "A new card" }).check();
    await page.getByLabel("Card number").waitFor(soon);
    await page.getByRole("radio", { name: /^Mastercard ending 4444/ }).check();
    await page.getByRole("button", { name: "Pay 20.00" }).click();
    await page.waitForURL(/\/orders\/[^/]+$/, soon);
    await page.getByRole("heading", { name: `You're going to ${showtime.movieTitle}`, level: 1 }).waitFor(soon);
    const paid = await charges(buyer);
    expect(paid.map((p) => p.card.last4)).toEqual(["4444"]);
    errors.expectNone();
    await context.close();
  });

  it("never charges twice: a double click, a lost answer retried, and a reload mid-payment each make one order and one charge", {
    timeout: 180_000,
  }, async () => {
    const showtime = await newShowtime();
    const buyer = await newBuyer();

    // 1. Double click on Pay.
    const first = await holdByApi(buyer, showtime.id, ["E1", "E2"]);
    const { context, page, errors } = await signedIn(`/checkout/${encodeURIComponent(first.id)}`, { buyer });
    await typeNewCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay 25.00" }).dblclick();
    await page.waitForURL(/\/orders\/[^/]+$/, soon);
    expect(await paidOrders(buyer)).toHaveLength(1);
    expect(await charges(buyer)).toHaveLength(1);

    // 2. The order is paid but its answer is lost (the connection drops): Pay again sends the same key.
    const second = await holdByApi(buyer, showtime.id, ["D1"]);
    let dropped = 0;
    await page.route("**/api/orders", async (route) => {
      if (route.request().method() !== "POST" || dropped > 0) return route.fallback();
      dropped++;
      await route.fetch(); // the server places (and charges) the order…
      await route.abort("connectionreset"); // …and the page never hears of it
    });
    await page.goto(`/checkout/${encodeURIComponent(second.id)}`);
    await typeNewCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay 10.00" }).click();
    await page.getByRole("alert").filter({ hasText: "Marquee cannot be reached" }).waitFor(soon);
    expect(await charges(buyer)).toHaveLength(2);
    await page.getByRole("button", { name: "Pay 10.00" }).click();
    await page.waitForURL(/\/orders\/[^/]+$/, soon);
    await page.getByRole("img", { name: /^QR code for ticket \S+, Row D, seat 1$/ }).waitFor(soon);
    expect(await paidOrders(buyer)).toHaveLength(2);
    expect(await charges(buyer)).toHaveLength(2);
    await page.unroute("**/api/orders");

    // 3. A reload while the order call is under way: the reloaded checkout finds the order instead of paying again.
    const third = await holdByApi(buyer, showtime.id, ["D2"]);
    let placed: () => void = () => undefined;
    let reloadDone: () => void = () => undefined;
    const serverDone = new Promise<void>((resolve) => {
      placed = resolve;
    });
    const pageReloaded = new Promise<void>((resolve) => {
      reloadDone = resolve;
    });
    await page.route("**/api/orders", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      const answer = await route.fetch();
      placed();
      // Held back until the page has reloaded; by then nobody is listening.
      await pageReloaded;
      await route.fulfill({ response: answer }).catch(() => undefined);
    });
    await page.goto(`/checkout/${encodeURIComponent(third.id)}`);
    await typeNewCard(page, "4242 4242 4242 4242");
    const reloaded = (async () => {
      await serverDone;
      await page.reload();
      reloadDone();
    })();
    await page.getByRole("button", { name: "Pay 10.00" }).click();
    await reloaded;
    await page.waitForURL(/\/orders\/[^/]+$/, soon);
    await page.getByRole("img", { name: /^QR code for ticket \S+, Row D, seat 2$/ }).waitFor(soon);
    expect(await paidOrders(buyer)).toHaveLength(3);
    expect(await charges(buyer)).toHaveLength(3);
    await page.unroute("**/api/orders");
    errors.expectNone([/ERR_CONNECTION_RESET|ERR_FAILED|Failed to fetch/]);
    await context.close();
  });

  it("refund with a confirmation step: Keep tickets changes nothing, Refund marks both tickets refunded; saved tickets show offline", {
    timeout: 120_000,
  }, async () => {
    const showtime = await newShowtime();
    const buyer = await newBuyer();
    await buyByApi(buyer, showtime.id, ["E7", "E8"]);
    const { context, page, errors } = await signedIn("/tickets", { buyer });
    await page.getByRole("heading", { name: "Upcoming", level: 2 }).waitFor(soon);
    await page.getByRole("heading", { name: showtime.movieTitle, level: 3 }).waitFor(soon);
    await expect.poll(() => page.getByRole("img", { name: /^QR code for ticket / }).count(), soon).toBe(2);

    await page.getByRole("button", { name: "Refund" }).click();
    await page.getByText("Refund 2 tickets for 25.00?").waitFor(soon);
    await page.getByRole("button", { name: "Keep tickets" }).click();
    expect(await page.getByText("Refund 2 tickets for 25.00?").count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Refund");
    expect(await page.getByText("Valid", { exact: true }).count()).toBe(2);

    await page.getByRole("button", { name: "Refund" }).click();
    await page.getByRole("button", { name: "Refund" }).click();
    await expect.poll(() => page.getByText("Refunded", { exact: true }).count(), soon).toBe(2);
    await page.getByRole("status").filter({ hasText: "Refunded 25.00" }).waitFor(soon);
    expect(await page.getByRole("button", { name: "Refund" }).count()).toBe(0);
    const orders = await stackApi(buyer.token).me.orders.$get({ query: { limit: "5" } });
    expect(orders.status === 200 && (await orders.json()).items.map((o) => o.status)).toEqual(["refunded"]);

    // The API out of reach: the saved list and QR codes are shown, and the page says so.
    await buyByApi(buyer, showtime.id, ["A3"]);
    await page.reload();
    await expect.poll(() => page.getByRole("img", { name: /^QR code for ticket / }).count(), soon).toBe(3);
    await page.route("**/api/me/tickets*", (route) => route.abort("internetdisconnected"));
    await page.route("**/api/tickets/**", (route) => route.abort("internetdisconnected"));
    await page.reload();
    await page.getByText("Offline — showing your saved tickets").waitFor(soon);
    await expect.poll(() => page.getByRole("img", { name: /^QR code for ticket / }).count(), soon).toBe(3);
    expect(await page.getByRole("button", { name: "Refund" }).isDisabled()).toBe(true);
    errors.expectNone([/ERR_INTERNET_DISCONNECTED/]);
    await context.close();
  });

  it("axe finds nothing serious on checkout and My tickets, at 360 px wide too", { timeout: 120_000 }, async () => {
    const showtime = await newShowtime();
    const buyer = await newBuyer();
    await buyByApi(buyer, showtime.id, ["B5"]);
    const hold = await holdByApi(buyer, showtime.id, ["E3", "E4"]);
    const { context, page, errors } = await signedIn(`/checkout/${encodeURIComponent(hold.id)}`, {
      buyer,
      viewport: { width: 360, height: 740 },
    });
    await page.getByRole("button", { name: "Pay 25.00" }).waitFor(soon);
    await page.getByText("Test cards (development)").click();
    await expectAccessible(page);
    // Pay with mistakes: each field says what is wrong, and the focus goes to the first.
    await page.getByRole("button", { name: "Pay 25.00" }).click();
    await page.getByText("Enter the card number").waitFor(soon);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("autocomplete"))).toBe("cc-number");
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.goto("/tickets");
    await page.getByRole("img", { name: /^QR code for ticket \S+, Row B, seat 5$/ }).waitFor(soon);
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    errors.expectNone();
    await context.close();
  });
});
