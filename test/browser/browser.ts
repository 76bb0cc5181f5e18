import { createRequire } from "node:module";
import { hc } from "hono/client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, expect, inject } from "vitest";
import { launchChromium } from "../../scripts/chromium.mjs";
import { adminSession } from "../../scripts/seed.mjs";
import type { AppType } from "../../workers/app";

export const baseUrl = inject("stackUrl");

/** Every console error and uncaught exception of a page, to assert there were none. */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return {
    errors,
    /** Fails when the page logged an error, except those `allowed` matches (e.g. a 401 asked for on purpose). */
    expectNone(allowed: RegExp[] = []) {
      expect(errors.filter((line) => !allowed.some((pattern) => pattern.test(line)))).toEqual([]);
    },
  };
}

/** A fresh context (its own storage: a second person) with its own page on the app. */
let shared: Promise<Browser> | undefined;
// One Chromium per test file (vitest gives each file its own copy of this module), closed after it.
afterAll(async () => {
  await (await shared)?.close();
});

export async function newPage(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  shared ??= launchChromium();
  const browser = await shared;
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  const page = await context.newPage();
  return { context, page };
}

const axeSource = createRequire(import.meta.url)("node:fs").readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
) as string;

/** Runs axe-core on the page as it is now; fails on serious or critical violations (WCAG 2.x A/AA). */
export async function expectAccessible(page: Page) {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")})`,
      );
  });
  expect(violations).toEqual([]);
}

let counter = 0;
/** A new account's details, unique within the run. */
export function newPerson(prefix = "web") {
  const name = `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;
  return { name: `Web ${name}`, email: `${name}@example.com`, username: name, password: "a-long-password" };
}

/** Signs a new person up through the page and picks a first profile named after them. */
export async function signUpInPage(page: Page, person = newPerson()) {
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill(person.name);
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Username (optional)").fill(person.username);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Who's watching?" }).waitFor();
  await page.getByLabel("Profile name").fill("Main");
  await page.getByRole("button", { name: "Add profile" }).click();
  await page.getByRole("button", { name: "Main", exact: true }).click();
  return person;
}

/** Signs in through the page (the session lands in the page's storage). */
export async function signInInPage(page: Page, identifier: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email or username").fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The typed API client against the test stack, signed in as `token` when given. */
export function stackApi(token?: string) {
  return hc<AppType>(`${baseUrl}/api`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** The seeded admin's access token (from POST /api/dev/session, as the seed gets it). */
export async function adminToken() {
  return (await adminSession(baseUrl)).accessToken;
}

/**
 * A new account with a staff role ("admin" or "moderator"), made through the API: registered,
 * then promoted by the seeded admin. Sign in with its `email` and `password`.
 */
export async function newStaff(role: "admin" | "moderator", prefix = "staff") {
  const person = newPerson(prefix);
  const registered = await stackApi().auth.register.$post({ json: person });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  const { user } = await registered.json();
  const promoted = await stackApi(await adminToken()).users[":id"].role.$patch({ param: { id: user.id }, json: { role } });
  if (promoted.status !== 200) throw new Error(`promoting to ${role} answered ${promoted.status}`);
  return { ...person, id: user.id };
}
