import { describe, expect, it } from "vitest";
import { expectAccessible, newPage, newStaff, signInInPage, stackApi, watchErrors } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

describe("the staff console's operations", () => {
  it("an admin reads the summary, finds their own sign-in in the audit log, and opens the error log", {
    timeout: 180_000,
  }, async () => {
    const admin = await newStaff("admin", "ops");
    // A refused sign-in of theirs, to find in the audit log.
    const refused = await stackApi().auth.login.$post({ json: { identifier: admin.email, password: "not-the-password" } });
    expect(refused.status).toBe(401);
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    try {
      await signInInPage(page, admin.email, admin.password);
      await page.waitForURL((url) => url.pathname !== "/sign-in", soon);
      await page.goto("/staff/operations");
      await page.waitForURL((url) => url.pathname === "/staff/operations/summary", soon);
      await page.getByRole("heading", { level: 1, name: "Operations" }).waitFor(soon);

      const breakers = page.getByRole("region", { name: "Circuit breakers" });
      await breakers.waitFor(soon);
      for (const name of ["Transcoder", "Email delivery"]) {
        await expect(breakers.getByRole("row", { name: new RegExp(name) }).textContent()).resolves.toMatch(
          /Closed|Half-open|Open/,
        );
      }
      await page
        .getByRole("region", { name: "Transcoder" })
        .getByText(/^(Up|Down)$/)
        .waitFor(soon);
      await expectAccessible(page);

      await page.getByRole("navigation", { name: "Operations" }).getByRole("link", { name: "Audit log" }).click();
      await page.getByRole("heading", { level: 2, name: "Audit log" }).waitFor(soon);
      await page.getByLabel("Actor (id or email)").fill(admin.id);
      await page.getByLabel("Action").fill("auth.*");
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForURL((url) => url.pathname === "/staff/operations/audit" && url.search.includes("action="), soon);
      const entries = page.getByRole("region", { name: "Audit entries" });
      await entries
        .getByRole("rowheader", { name: /auth\.sign_in$/ })
        .first()
        .waitFor(soon);
      // The refused attempt has no actor (nobody was proven), so it is found by its target instead.
      await page.getByLabel("Actor (id or email)").fill("");
      await page.getByLabel("Target id").fill(admin.id);
      await page.getByLabel("Action").fill("auth.sign_in_failed");
      await page.getByRole("button", { name: "Filter" }).click();
      await entries
        .getByRole("rowheader", { name: /auth\.sign_in_failed/ })
        .first()
        .waitFor(soon);
      await page
        .getByRole("status")
        .filter({ hasText: /entr(y|ies) shown/ })
        .waitFor(soon);
      await expectAccessible(page);

      // The filters live in the address: a reload shows the same entries.
      await page.reload();
      await entries
        .getByRole("rowheader", { name: /auth\.sign_in_failed/ })
        .first()
        .waitFor(soon);

      await page.getByRole("navigation", { name: "Operations" }).getByRole("link", { name: "Error log" }).click();
      await page.getByRole("heading", { level: 2, name: "Error log" }).waitFor(soon);
      await expectAccessible(page);
      errors.expectNone();
    } finally {
      await context.close();
    }
  });
});
