import { describe, expect, it } from "vitest";
import { buyByApi, newBuyer, newShowtime, signInAs } from "./box-office";
import { adminToken, expectAccessible, newStaff, stackApi } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

let made = 0;
const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${(made++).toString(36)}`;

/** A standalone payment (no order) made by `buyer` through POST /payments with the 4242 card. */
async function chargeByApi(buyer: { token: string }, amount: number, description: string) {
  const res = await stackApi(buyer.token).payments.$post({
    json: { amount, currency: "usd", description, card: { number: "4242424242424242", expMonth: 12, expYear: 2034, cvc: "123" } },
    header: { "idempotency-key": crypto.randomUUID() },
  });
  if (res.status !== 201) throw new Error(`charging answered ${res.status}`);
  return res.json();
}

async function paymentOf(id: string) {
  const res = await stackApi(await adminToken()).payments[":id"].$get({ param: { id } });
  if (res.status !== 200) throw new Error(`reading the payment answered ${res.status}`);
  return res.json();
}

async function adminReviews(movieId: string) {
  const res = await stackApi(await adminToken()).admin.reviews.$get({ query: { movieId, limit: "100" } });
  if (res.status !== 200) throw new Error(`listing reviews answered ${res.status}`);
  return (await res.json()).items;
}

async function mailTo(address: string) {
  const res = await stackApi().dev.mailbox.$get({ query: { to: address } });
  if (res.status !== 200) throw new Error(`reading the mailbox answered ${res.status}`);
  return (await res.json()).items;
}

describe("the staff console's admin views", () => {
  it("an admin filters tickets by showtime and holder, opens the holder, and refunds a standalone payment", {
    timeout: 180_000,
  }, async () => {
    const showtime = await newShowtime();
    const buyer = await newBuyer("holder");
    const other = await newBuyer("other");
    await buyByApi(buyer, showtime.id, ["E7", "E8"]);
    await buyByApi(other, showtime.id, ["A3"]);
    const description = unique("Gift card");
    const payment = await chargeByApi(buyer, 2500, description);
    const admin = await newStaff("admin", "ticketdesk");

    const { context, page, errors } = await signInAs(admin, "/staff/tickets");
    await page.getByRole("heading", { level: 1, name: "Tickets" }).waitFor(soon);
    await page.getByLabel("Showtime").selectOption(showtime.id);
    const results = page.getByRole("region", { name: "Matching tickets" });
    // Header row + the three tickets of this showtime's own theater.
    await expect.poll(() => results.getByRole("row").count(), soon).toBe(4);
    await page.getByLabel("Holder").fill(buyer.email);
    await page.getByLabel("Holder").press("Enter");
    await expect.poll(() => results.getByRole("row").count(), soon).toBe(3);
    await results.getByRole("row").filter({ hasText: "Row E, seat 7" }).waitFor(soon);
    expect(await results.getByText(other.email).count()).toBe(0);
    // None of them refunded.
    await page.getByLabel("Status").selectOption("refunded");
    await page.getByRole("status").filter({ hasText: "No ticket matches." }).waitFor(soon);
    await page.getByLabel("Status").selectOption("valid");
    await expect.poll(() => results.getByRole("row").count(), soon).toBe(3);
    await expectAccessible(page);

    // The holder's page: their tickets, then their payments.
    await results.getByRole("link", { name: buyer.name }).first().click();
    await page.getByRole("heading", { level: 1, name: buyer.name }).waitFor(soon);
    const tabs = page.getByRole("tablist", { name: "Activity" });
    await page.getByRole("region", { name: "Their tickets" }).getByText("Row E, seat 8").waitFor(soon);
    await tabs.getByRole("tab", { name: "Tickets" }).press("ArrowRight");
    expect(await tabs.getByRole("tab", { name: "Payments" }).getAttribute("aria-selected")).toBe("true");
    const payments = page.getByRole("region", { name: "Their payments" });
    const row = payments.getByRole("row").filter({ hasText: description });
    await row.waitFor(soon);
    // The order's payment has no Refund: it is refunded through its order.
    const orderRow = payments.getByRole("row").filter({ hasText: "an order's payment" });
    await orderRow.first().waitFor(soon);
    expect(await orderRow.getByRole("button", { name: /^Refund/ }).count()).toBe(0);

    await row.getByRole("button", { name: /^Refund/ }).click();
    const dialog = page.getByRole("dialog", { name: `Refund ${description}?` });
    await dialog.getByText("$25.00 goes back to that card").waitFor(soon);
    await dialog.getByRole("button", { name: "Refund" }).click();
    await dialog.getByText("Say why the payment is refunded.").waitFor(soon);
    await dialog.getByLabel("Reason").fill("Never used");
    await dialog.getByRole("button", { name: "Refund" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Refunded $25.00 of ${description}.` })
      .waitFor(soon);
    await row.getByRole("cell", { name: "Refunded", exact: true }).waitFor(soon);
    expect(await row.getByRole("button", { name: /^Refund/ }).count()).toBe(0);
    expect((await paymentOf(payment.id)).status).toBe("refunded");
    await expectAccessible(page);

    await tabs.getByRole("tab", { name: "Reviews" }).click();
    await page.getByText("No reviews yet.").waitFor(soon);
    errors.expectNone();
    await context.close();
  });

  it("a viewer reports a review on the title page; a moderator finds it among the reported and removes it, at 360 px", {
    timeout: 180_000,
  }, async () => {
    const showtime = await newShowtime();
    const author = await newBuyer("critic");
    const body = unique("Spoils the ending");
    const posted = await stackApi(author.token).reviews.$post({ json: { movieId: showtime.movieId, rating: 2, body } });
    expect(posted.status).toBe(201);
    const review = await posted.json();

    const viewer = await newBuyer("reader");
    const seen = await signInAs(viewer, `/movies/${showtime.movieId}`);
    const reviews = seen.page.getByRole("region", { name: "Ratings and reviews" });
    // The title page is watched as a profile: the viewer picks theirs first.
    await seen.page.getByRole("heading", { name: "Who's watching?" }).waitFor(soon);
    await seen.page.getByRole("button", { name: viewer.name, exact: true }).click();
    await seen.page.waitForURL((url) => url.pathname === `/movies/${showtime.movieId}`, soon);
    await reviews.getByText(body).waitFor(soon);
    await reviews.getByRole("button", { name: `Report ${author.name}'s review` }).click();
    const dialog = seen.page.getByRole("dialog", { name: `Report ${author.name}'s review?` });
    await dialog.getByRole("button", { name: "Report review" }).click();
    await dialog.getByText("Say what is wrong with this review.").waitFor(soon);
    await dialog.getByLabel("Reason").fill("It gives the ending away");
    await dialog.getByRole("button", { name: "Report review" }).click();
    await reviews.getByRole("status").filter({ hasText: "the moderators will look at this review" }).waitFor(soon);
    await expectAccessible(seen.page);
    seen.errors.expectNone();
    await seen.context.close();
    expect((await adminReviews(showtime.movieId)).find((item) => item.id === review.id)?.reportCount).toBe(1);

    const moderator = await newStaff("moderator", "reviewmod");
    const { context, page, errors } = await signInAs(moderator, "/staff/reviews", { width: 360, height: 800 });
    await page.getByRole("heading", { level: 1, name: "Reviews" }).waitFor(soon);
    await page.getByLabel("Reports").selectOption("true");
    await page.getByLabel("Movie").selectOption(showtime.movieId);
    const results = page.getByRole("region", { name: "Matching reviews" });
    const row = results.getByRole("row").filter({ hasText: body });
    await row.getByText("1 reported").waitFor(soon);
    await page.getByLabel("Reports").selectOption("false");
    await page
      .getByRole("status")
      .filter({ hasText: /shown|No review matches/ })
      .waitFor(soon);
    await expect.poll(() => results.getByText(body).count(), soon).toBe(0);
    await page.getByLabel("Reports").selectOption("true");
    await row.waitFor(soon);
    await expectAccessible(page);

    await row.getByRole("button", { name: `Remove ${author.username}'s review of ${showtime.movieTitle}` }).click();
    const confirm = page.getByRole("dialog", { name: "Remove this review?" });
    await confirm.getByRole("button", { name: "Remove review" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Removed ${author.username}'s review` })
      .waitFor(soon);
    await expect.poll(() => results.getByText(body).count(), soon).toBe(0);
    expect((await adminReviews(showtime.movieId)).some((item) => item.id === review.id)).toBe(false);
    errors.expectNone();
    await context.close();
  });

  it("an admin counts a showtime's ticket holders (dry run), then sends them an email that reaches the dev mailbox", {
    timeout: 180_000,
  }, async () => {
    const showtime = await newShowtime();
    const first = await newBuyer("guest");
    const second = await newBuyer("guest");
    await buyByApi(first, showtime.id, ["C1", "C2"]);
    await buyByApi(second, showtime.id, ["C4"]);
    const admin = await newStaff("admin", "messenger");
    const subject = unique("Doors open early");

    const { context, page, errors } = await signInAs(admin, "/staff/messages");
    await page.getByRole("heading", { level: 1, name: "Messages" }).waitFor(soon);
    // Sent empty first: the form says what is missing, nothing is sent.
    await page.getByRole("button", { name: "Send…" }).click();
    await page.getByText("Choose who gets the message.").waitFor(soon);
    await page.getByText("Write a subject.").waitFor(soon);
    await page.getByLabel("Send to", { exact: true }).selectOption("showtime");
    await page.getByLabel("Showtime", { exact: true }).selectOption(showtime.id);
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel("Message").fill("Doors open 30 minutes early tonight. Enjoy the show!");
    await page.getByRole("button", { name: "Preview recipients" }).click();
    // Two people hold tickets (one with two seats): two recipients.
    await page.getByRole("status").filter({ hasText: "2 people will get this email; 0 opted out." }).waitFor(soon);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Send…" }).click();
    const dialog = page.getByRole("dialog", { name: "Send to 2 people?" });
    await dialog.getByRole("button", { name: "Send email" }).click();
    await page.getByRole("status").filter({ hasText: "Sent: 2 emails queued; 0 skipped" }).waitFor(soon);
    for (const person of [first, second]) {
      await expect.poll(async () => (await mailTo(person.email)).some((mail) => mail.subject === subject), soon).toBe(true);
    }
    errors.expectNone();
    await context.close();
  });
});
