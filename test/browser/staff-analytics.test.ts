import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buyByApi, newBuyer, newShowtime } from "./box-office";
import { adminToken, expectAccessible, newPage, newPerson, signInInPage, stackApi, watchErrors } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

/** The seeded manager (README's demo accounts); a new one when this stack was seeded before she existed. */
async function manager() {
  const mia = { email: "mia@marquee.local", password: "marquee-demo-123" };
  const signedIn = await stackApi().auth.login.$post({ json: { email: mia.email, password: mia.password } });
  if (signedIn.status === 200 && (await signedIn.json()).user.role === "manager") return mia;
  const person = newPerson("manager");
  const registered = await stackApi().auth.register.$post({ json: person });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  const { user } = await registered.json();
  const promoted = await stackApi(await adminToken()).users[":id"].role.$patch({
    param: { id: user.id },
    json: { role: "manager" },
  });
  if (promoted.status !== 200) throw new Error(`promoting to manager answered ${promoted.status}`);
  return person;
}

describe("the staff console's analytics", () => {
  it("a manager opens Analytics: totals, charts drawn from the data, presets, and a table downloads as CSV", {
    timeout: 180_000,
  }, async () => {
    // A sale today, on top of the seeded ones, so the sales chart has a bar whatever the seed did.
    const showtime = await newShowtime();
    await buyByApi(await newBuyer("analytics"), showtime.id, ["E7", "E8"]);
    const person = await manager();
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signInInPage(page, person.email, person.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);

    await page.goto("/staff");
    await page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Analytics" }).click();
    await page.getByRole("heading", { level: 1, name: "Analytics" }).waitFor(soon);
    await page.getByRole("button", { name: "Last 30 days" }).and(page.locator("[aria-pressed=true]")).waitFor(soon);

    const totals = page.getByRole("region", { name: "Totals" });
    await totals.getByText("Tickets sold").waitFor(soon);
    const sold = Number(
      (await totals.getByText("Tickets sold", { exact: true }).locator("xpath=following-sibling::dd").textContent())?.replace(
        /\D/g,
        "",
      ),
    );
    expect(sold).toBeGreaterThanOrEqual(2);

    // The charts: sales, occupancy, funnel and active users, each an SVG drawn by recharts.
    await expect.poll(() => page.locator("svg.recharts-surface").count(), soon).toBeGreaterThanOrEqual(4);
    const sales = page.getByRole("region", { name: "Sales" });
    await expect.poll(() => sales.locator(".recharts-bar-rectangle path").count(), soon).toBeGreaterThan(0);
    await sales.getByRole("region", { name: "Sales by movie" }).getByText(showtime.movieTitle).waitFor(soon);
    await page.getByRole("region", { name: "Top searches" }).waitFor(soon);
    await expectAccessible(page);

    // One table as CSV: a header row, then the days.
    const download = page.waitForEvent("download");
    await sales.getByRole("button", { name: "Download CSV: by day" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^sales-by-day-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await file.path()) as string, "utf8")).trim().split("\r\n");
    expect(lines[0]).toBe("day,orders,tickets,revenueCents");
    expect(lines).toHaveLength(31);

    // A preset narrows the period; the date inputs follow.
    await page.getByRole("button", { name: "Last 7 days" }).click();
    await page.getByRole("button", { name: "Last 7 days" }).and(page.locator("[aria-pressed=true]")).waitFor(soon);
    const today = new Date().toISOString().slice(0, 10);
    expect(await page.getByLabel("To", { exact: true }).inputValue()).toBe(today);
    await expect.poll(() => page.locator("svg.recharts-surface").count(), soon).toBeGreaterThanOrEqual(4);

    errors.expectNone();
    await context.close();
  });
});
