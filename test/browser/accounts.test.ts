import { describe, expect, it } from "vitest";
import { expectAccessible, newPage, newPerson, signInInPage, signUpInPage, watchErrors } from "./browser";

describe("accounts in the browser", () => {
  it("signs up, creates a profile and lands on home; the pages pass axe", async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await page.goto("/sign-up");
    await expectAccessible(page);
    await signUpInPage(page);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/");
    await page.goto("/profiles");
    await page.getByRole("heading", { name: "Who's watching?" }).waitFor();
    await expectAccessible(page);
    errors.expectNone();
    await context.close();
  });

  it("a wrong password shows the API's message, and the form keeps what was typed", async () => {
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    const person = newPerson();
    await signUpInPage(page, person);
    await page.getByRole("button", { name: "Sign out" }).click();
    await signInInPage(page, person.username, "not-the-password");
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/password/i);
    expect(await page.getByLabel("Email or username").inputValue()).toBe(person.username);
    // The 401 of the sign-in itself is the browser's own console line for a failed fetch.
    errors.expectNone([/401/]);
    await context.close();
  });

  it("an expired session lands on sign-in with a message, then returns to the page it was on", async () => {
    const { context, page } = await newPage();
    const person = newPerson();
    await signUpInPage(page, person);
    await page.goto("/my-list");
    // Both tokens stop working (as after a revoke or the refresh token's expiry).
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem("marquee.session") ?? "{}");
      localStorage.setItem("marquee.session", JSON.stringify({ ...stored, accessToken: "expired", refreshToken: "expired" }));
    });
    await page.reload();
    await page.getByText("Your session expired").waitFor();
    expect(new URL(page.url()).searchParams.get("next")).toBe("/my-list");
    await page.getByLabel("Email or username").fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/my-list");
    await context.close();
  });
});
