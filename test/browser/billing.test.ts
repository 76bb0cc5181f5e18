import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { type Buyer, newBuyer, signInAs } from "./box-office";
import { adminToken, expectAccessible, newPage, newPerson, stackApi, watchErrors } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };
const card = (number: string) => ({ number, expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: "123" });

let made = 0;
const plansMade: string[] = [];
/** A plan of its own (unique name) made by the admin through the API: the demo plans may not exist. */
async function newPlan(options: { price?: number; trialDays?: number; features?: string[]; maxStreams?: number } = {}) {
  const res = await stackApi(await adminToken()).plans.$post({
    json: {
      name: `Plan ${Date.now().toString(36)}${(made++).toString(36)}`,
      price: options.price ?? 999,
      currency: "eur",
      interval: "month",
      trialDays: options.trialDays ?? 0,
      features: options.features ?? ["hd"],
      maxStreams: options.maxStreams ?? 2,
    },
  });
  if (res.status !== 201) throw new Error(`creating a plan answered ${res.status}`);
  const plan = await res.json();
  plansMade.push(plan.id);
  return plan;
}

// The test plans leave the stack's plans page once the file is done (archived: subscriptions used them).
afterAll(async () => {
  const admin = stackApi(await adminToken());
  await Promise.all(plansMade.map((id) => admin.plans[":id"].$patch({ param: { id }, json: { status: "archived" } })));
});

/** A person (registered through the API unless given) signed in through the page, landing on `path`. */
async function signedIn(path: string, options: { buyer?: Buyer; viewport?: { width: number; height: number } } = {}) {
  const buyer = options.buyer ?? (await newBuyer("billing"));
  return { buyer, ...(await signInAs(buyer, path, options.viewport)) };
}

async function subscribeByApi(buyer: Buyer, planId: string) {
  const res = await stackApi(buyer.token).me.subscription.$post({
    json: { planId, card: card("4242424242424242") },
    header: { "idempotency-key": crypto.randomUUID() },
  });
  if (res.status !== 201) throw new Error(`subscribing answered ${res.status}`);
  return res.json();
}

async function subscriptionOf(token: string) {
  const res = await stackApi(token).me.subscription.$get();
  if (res.status !== 200) throw new Error(`GET /me/subscription answered ${res.status}`);
  return (await res.json()).subscription;
}

async function fillCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry (MM/YY)").fill("12/34");
  await page.getByLabel("CVC").fill("123");
}

/** The page's own access token (the session it keeps in localStorage). */
const tokenOf = async (page: Page) =>
  page.evaluate(() => (JSON.parse(localStorage.getItem("marquee.session") ?? "{}") as { accessToken: string }).accessToken);

const facts = (page: Page, term: string) =>
  page.locator(".billing-facts dt", { hasText: term }).locator("xpath=following-sibling::dd[1]");

describe("plans, subscribing and account → billing", () => {
  it("a new viewer opens /plans, picks a paid plan, signs up with 4242…; billing shows Active and the next charge; the invoice's PDF downloads as <number>.pdf", {
    timeout: 180_000,
  }, async () => {
    const plan = await newPlan({ price: 1299, features: ["hd", "premium_titles"], maxStreams: 2 });
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await page.goto("/plans");
    const offer = page.getByRole("article", { name: plan.name });
    await offer.waitFor(soon);
    expect(await offer.getByRole("list", { name: `${plan.name} includes` }).textContent()).toBe(
      "HDPremium titles2 screens at once",
    );
    await offer.getByRole("link", { name: `Subscribe to ${plan.name}` }).click();
    await page.waitForURL((url) => url.pathname === "/sign-up" && url.searchParams.get("plan") === plan.id, soon);
    await page.getByRole("heading", { name: `Create your account and subscribe to ${plan.name}`, level: 1 }).waitFor(soon);

    const person = newPerson("subscriber");
    await page.getByLabel("Name", { exact: true }).fill(person.name);
    await page.getByLabel("Email", { exact: true }).fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Create account and subscribe" }).click();
    await page.getByRole("heading", { name: "Who's watching?" }).waitFor(soon);
    await page.getByLabel("Profile name").fill("Main");
    await page.getByRole("button", { name: "Add profile" }).click();
    await page.getByRole("button", { name: "Main", exact: true }).click();

    await page.waitForURL((url) => url.pathname === "/account/billing", soon);
    await expect.poll(() => facts(page, "Status").textContent(), soon).toBe("Active");
    const subscription = await subscriptionOf(await tokenOf(page));
    expect(subscription?.status).toBe("active");
    expect(await facts(page, "Next charge").textContent()).toMatch(/12[.,]99.* on /);
    expect(await facts(page, "Renews with").textContent()).toMatch(/^Visa ending 4242/);

    const invoices = page.getByRole("list", { name: "Your invoices" });
    await invoices.waitFor(soon);
    const number = (await invoices.locator(".invoice-number").first().textContent()) ?? "";
    expect(number).toMatch(/^INV-\d{4}-\d{6}$/);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: `Download PDF of ${number}` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${number}.pdf`);
    const bytes = await readFile((await file.path()) as string);
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");

    // The plans page marks the plan now held.
    await page.getByRole("link", { name: "Plans" }).first().click();
    await page
      .getByRole("article", { name: new RegExp(`^${plan.name}`) })
      .getByText("Your plan")
      .waitFor(soon);
    errors.expectNone();
    await context.close();
  });

  it("a declined card (4000 0000 0000 0002) shows the reason and starts no subscription; then 4242… subscribes", {
    timeout: 180_000,
  }, async () => {
    const plan = await newPlan({ price: 799 });
    const { buyer, context, page, errors } = await signedIn("/plans");
    const offer = page.getByRole("article", { name: plan.name });
    // By keyboard: the opened form's heading takes the focus; Enter in a field subscribes.
    await offer.getByRole("button", { name: `Subscribe to ${plan.name}` }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: `Subscribe to ${plan.name}` }).waitFor(soon);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Subscribe to ${plan.name}`);
    // A new viewer has no saved card: the card fields are there at once.
    await fillCard(page, "4000 0000 0000 0002");
    await page.getByLabel("CVC").press("Enter");
    await page
      .getByRole("alert")
      .filter({ hasText: /declined/i })
      .waitFor(soon);
    expect(await subscriptionOf(buyer.token)).toBeNull();

    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.getByRole("button", { name: /^Subscribe for / }).click();
    await page.waitForURL((url) => url.pathname === "/account/billing", soon);
    await expect.poll(() => facts(page, "Status").textContent(), soon).toBe("Active");
    expect((await subscriptionOf(buyer.token))?.plan.id).toBe(plan.id);
    errors.expectNone([/status of 402/]);
    await context.close();
  });

  it("signing up with a plan and a declined card creates no account and says why", { timeout: 120_000 }, async () => {
    const plan = await newPlan({ price: 899 });
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await page.goto(`/sign-up?plan=${plan.id}`);
    await page.getByRole("heading", { name: `Create your account and subscribe to ${plan.name}`, level: 1 }).waitFor(soon);
    const person = newPerson("declined");
    await page.getByLabel("Name", { exact: true }).fill(person.name);
    await page.getByLabel("Email", { exact: true }).fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await fillCard(page, "4000 0000 0000 0002");
    await page.getByRole("button", { name: "Create account and subscribe" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /declined/i })
      .waitFor(soon);
    expect(new URL(page.url()).pathname).toBe("/sign-up");
    const login = await stackApi().auth.login.$post({ json: { identifier: person.email, password: person.password } });
    expect(login.status).toBe(401);
    errors.expectNone([/status of 402/]);
    await context.close();
  });

  it("upgrading shows what it costs now first and moves the plan at once; a downgrade waits for the period end; Stay on calls it off", {
    timeout: 180_000,
  }, async () => {
    const basic = await newPlan({ price: 500 });
    const premium = await newPlan({ price: 1500, features: ["hd", "premium_titles"], maxStreams: 4 });
    const buyer = await newBuyer("upgrade");
    await subscribeByApi(buyer, basic.id);
    const { context, page, errors } = await signedIn("/plans", { buyer });
    await page
      .getByRole("article", { name: new RegExp(`^${basic.name}`) })
      .getByText("Your plan")
      .waitFor(soon);
    await page.getByRole("button", { name: `Upgrade to ${premium.name}` }).click();
    await page.getByText(/^You pay .+ now for the rest of this period/).waitFor(soon);
    await page.getByRole("button", { name: /^Pay .+ and switch$/ }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `you are on ${premium.name} now` })
      .waitFor(soon);
    expect((await subscriptionOf(buyer.token))?.plan.id).toBe(premium.id);

    // Back down to Basic: it waits for the period's end, and says from when; "Stay on" calls it off.
    await page.getByRole("button", { name: `Downgrade to ${basic.name}` }).click();
    await page.getByText(new RegExp(`^From .+ you move to ${basic.name}\\.`)).waitFor(soon);
    await page.getByRole("button", { name: `Switch to ${basic.name}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `you move to ${basic.name} at the end of this period` })
      .waitFor(soon);
    expect((await subscriptionOf(buyer.token))?.pendingPlan?.id).toBe(basic.id);
    await page
      .getByRole("article", { name: new RegExp(`^${basic.name}`) })
      .getByText(/^From /)
      .waitFor(soon);
    await page.getByRole("button", { name: `Stay on ${premium.name}` }).click();
    await page.getByText(`You stay on ${premium.name}; the move to ${basic.name} is called off.`).waitFor(soon);
    await page
      .getByRole("button", { name: `Stay on ${premium.name}` })
      .last()
      .click();
    await expect.poll(async () => (await subscriptionOf(buyer.token))?.pendingPlan ?? null, soon).toBeNull();
    errors.expectNone();
    await context.close();
  });

  it("cancel at period end asks first, then says 'Cancels on …'; resume makes it Active again", {
    timeout: 180_000,
  }, async () => {
    const plan = await newPlan();
    const buyer = await newBuyer("cancel");
    await subscribeByApi(buyer, plan.id);
    const { context, page, errors } = await signedIn("/account/billing", { buyer });
    await expect.poll(() => facts(page, "Status").textContent(), soon).toBe("Active");
    await page.getByRole("button", { name: "Cancel subscription" }).click();
    const confirm = page.getByRole("region", { name: "Cancel subscription" });
    await confirm.getByText(/You keep watching until/).waitFor(soon);
    // The confirmation has the focus (the button that opened it is gone): Enter confirms.
    await page.keyboard.press("Enter");
    await expect.poll(() => facts(page, "Status").textContent(), soon).toMatch(/^Cancels on /);
    expect(await facts(page, "Next charge").textContent()).toBe("None: it will not renew");
    expect((await subscriptionOf(buyer.token))?.cancelAtPeriodEnd).toBe(true);

    await page.getByRole("button", { name: "Resume subscription" }).click();
    await expect.poll(() => facts(page, "Status").textContent(), soon).toBe("Active");
    expect((await subscriptionOf(buyer.token))?.cancelAtPeriodEnd).toBe(false);
    errors.expectNone();
    await context.close();
  });

  it("payment methods: add one with a name, edit the expiry, make it the default, remove the other; the subscription's card cannot go", {
    timeout: 180_000,
  }, async () => {
    const plan = await newPlan();
    const buyer = await newBuyer("cards");
    await subscribeByApi(buyer, plan.id);
    const { context, page, errors } = await signedIn("/account/billing", { buyer });
    const cards = page.getByRole("list", { name: "Saved cards" });
    await cards.getByText(/^Visa ending 4242/).waitFor(soon);

    await page.getByRole("button", { name: "Add a card" }).click();
    const adding = page.getByRole("form", { name: "Add a card" });
    await adding.getByLabel("Card number").fill("5555 5555 5555 4444");
    await adding.getByLabel("Expiry (MM/YY)").fill("10/33");
    await adding.getByLabel("CVC").fill("123");
    await adding.getByLabel("Name on card (optional)").fill("Ada Lovelace");
    await adding.getByRole("button", { name: "Save card" }).click();
    const mastercard = cards.getByRole("listitem").filter({ hasText: "Mastercard ending 4444" });
    await mastercard.getByText("Ada Lovelace").waitFor(soon);

    await mastercard.getByRole("button", { name: /^Edit / }).click();
    await mastercard.getByLabel("Expiry (MM/YY)").fill("11/34");
    await mastercard.getByRole("button", { name: "Save card" }).click();
    await mastercard.getByText("Mastercard ending 4444, expires 11/34").waitFor(soon);

    await mastercard.getByRole("button", { name: /^Make default: Mastercard/ }).click();
    await mastercard.getByText("default", { exact: true }).waitFor(soon);

    // The Visa renews the subscription: the API refuses to remove it, and says why.
    const visa = cards.getByRole("listitem").filter({ hasText: "Visa ending 4242" });
    await visa.getByRole("button", { name: /^Remove / }).click();
    await visa.getByRole("button", { name: "Remove card" }).click();
    await visa.getByRole("alert").waitFor(soon);
    await visa.getByRole("button", { name: "Keep it" }).click();

    // Renew with the Mastercard instead; then the Visa can go.
    await page.getByRole("button", { name: "Use another card" }).click();
    await page.getByRole("radio", { name: /^Mastercard ending 4444/ }).check();
    await page.getByRole("button", { name: "Use this card" }).click();
    await expect.poll(() => facts(page, "Renews with").textContent(), soon).toMatch(/^Mastercard ending 4444/);
    await visa.getByRole("button", { name: /^Remove / }).click();
    await visa.getByRole("button", { name: "Remove card" }).click();
    await expect.poll(() => cards.getByRole("listitem").count(), soon).toBe(1);
    errors.expectNone([/status of 409/]);
    await context.close();
  });

  it("/plans and /account/billing pass axe at 360 px", { timeout: 180_000 }, async () => {
    const plan = await newPlan({ trialDays: 14 });
    const buyer = await newBuyer("axe");
    const { context, page, errors } = await signedIn("/plans", { buyer, viewport: { width: 360, height: 740 } });
    await page.getByRole("article", { name: plan.name }).waitFor(soon);
    await page.getByRole("button", { name: `Subscribe to ${plan.name}` }).click();
    await page.getByRole("button", { name: "Start free trial" }).waitFor(soon);
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await subscribeByApi(buyer, plan.id);
    await page.goto("/account/billing");
    await expect.poll(() => facts(page, "Status").textContent(), soon).toMatch(/^Trial until /);
    await page.getByRole("button", { name: "Add a card" }).click();
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    errors.expectNone();
    await context.close();
  });
});
