import { describe, expect, it } from "vitest";
import { newBuyer } from "./box-office";
import { adminToken, expectAccessible, newPage, newStaff, signInInPage, stackApi, watchErrors } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

let made = 0;
const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${(made++).toString(36)}`;

/** A manual invoice issued through the API, to be found in the console. */
async function invoiceByApi(buyerName: string) {
  const res = await stackApi(await adminToken()).invoices.$post({
    json: { buyer: { name: buyerName }, currency: "usd", lines: [{ description: "Room hire", quantity: 2, unitPrice: 5000 }] },
  });
  if (res.status !== 201) throw new Error(`issuing an invoice answered ${res.status}`);
  return res.json();
}

async function invoiceOf(id: string) {
  const res = await stackApi(await adminToken()).invoices[":id"].$get({ param: { id } });
  if (res.status !== 200) throw new Error(`reading the invoice answered ${res.status}`);
  return res.json();
}

async function planNamed(name: string) {
  const res = await stackApi(await adminToken()).plans.$get({ query: { include: "archived" } });
  if (res.status !== 200) throw new Error(`listing plans answered ${res.status}`);
  return (await res.json()).items.find((plan) => plan.name === name);
}

describe("the staff console's billing", () => {
  it("an admin finds an invoice by its number, issues a manual invoice, voids it (Void, number kept), creates a plan and archives it", {
    timeout: 180_000,
  }, async () => {
    const existing = await invoiceByApi(unique("Acme Screenings"));
    const admin = await newStaff("admin", "cashier");
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signInInPage(page, admin.email, admin.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);

    await page.goto("/staff");
    await page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Billing" }).click();
    await page.getByRole("heading", { level: 1, name: "Billing" }).waitFor(soon);
    await page.getByRole("heading", { level: 2, name: "Invoices" }).waitFor(soon);

    // Found by its number.
    await page.getByLabel("Search invoices").fill(existing.number);
    const results = page.getByRole("region", { name: "Matching invoices" });
    // The newest invoice is on the unfiltered first page too: wait for the search to narrow the list.
    await expect.poll(() => results.getByRole("row").count(), soon).toBe(2);
    await results.getByRole("link", { name: existing.number }).waitFor(soon);
    await expectAccessible(page);
    await results.getByRole("link", { name: existing.number }).click();
    await page.getByRole("heading", { level: 2, name: new RegExp(`^Invoice ${existing.number}`) }).waitFor(soon);
    await page.getByRole("region", { name: "Lines" }).getByText("Room hire").waitFor(soon);

    // A manual invoice, issued open.
    await page.getByRole("link", { name: "← All invoices" }).click();
    await page.getByRole("link", { name: "New invoice" }).click();
    await page.getByRole("heading", { level: 2, name: "New invoice" }).waitFor(soon);
    const buyer = unique("Globex Film Club");
    // Sent with mistakes first: the fields say what is wrong, nothing is issued.
    await page.getByRole("button", { name: "Issue invoice" }).click();
    await page.getByText("Give the buyer's name, or an account id").waitFor(soon);
    await page.getByText("Describe what is billed").waitFor(soon);
    await page.getByLabel("Buyer name").fill(buyer);
    await page.getByLabel("Buyer email (optional)").fill("accounts@globex.example");
    await page.getByLabel("Description").fill("Private screening");
    await page.getByLabel("Unit price before tax").fill("150.00");
    await page.getByRole("button", { name: "Add a line" }).click();
    const second = page.getByRole("group", { name: "Line 2" });
    await second.getByLabel("Description").fill("Popcorn for 20");
    await second.getByLabel("Quantity").fill("20");
    await second.getByLabel("Unit price before tax").fill("3.50");
    await second.getByLabel("Tax rate % (optional)").fill("10");
    await page.getByText("Net before tax: $220.00").waitFor(soon);
    await page.getByRole("button", { name: "Issue invoice" }).click();
    await page.waitForURL(/\/staff\/billing\/invoices\/(?!new)[^/]+$/, soon);
    const heading = page.getByRole("heading", { level: 2, name: /^Invoice INV-\d{4}-\d{6}/ });
    await heading.waitFor(soon);
    const number = /INV-\d{4}-\d{6}/.exec((await heading.textContent()) ?? "")?.[0] ?? "";
    const id = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
    const issued = await invoiceOf(id);
    expect(issued).toMatchObject({ number, status: "open", buyer: { name: buyer }, currency: "usd", net: 22000 });
    expect(issued.lines.map((line) => [line.description, line.quantity, line.unitPrice, line.taxRate])).toEqual([
      ["Private screening", 1, 15000, 21],
      ["Popcorn for 20", 20, 350, 10],
    ]);

    // Voided with a reason: the number stays, the status says Void.
    await page.getByRole("button", { name: "Void invoice" }).click();
    await page.getByRole("button", { name: "Void invoice" }).click();
    await page.getByText("Say why the invoice is voided").waitFor(soon);
    await page.getByLabel("Reason").fill("Booked twice by mistake");
    await page.getByRole("button", { name: "Void invoice" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${number} is void` })
      .waitFor(soon);
    await page.getByRole("heading", { level: 2, name: `Invoice ${number} Void` }).waitFor(soon);
    expect(await page.getByRole("button", { name: "Void invoice" }).count()).toBe(0);
    expect(await invoiceOf(id)).toMatchObject({ number, status: "void", voidReason: "Booked twice by mistake" });

    // The PDF downloads under its number.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download PDF" }).click();
    expect((await download).suggestedFilename()).toBe(`${number}.pdf`);

    // The void filter finds it.
    await page.getByRole("link", { name: "← All invoices" }).click();
    await page.getByLabel("Status").selectOption("void");
    await page.getByLabel("Search invoices").fill(buyer);
    const row = page.getByRole("region", { name: "Matching invoices" }).getByRole("row").filter({ hasText: number });
    await row.getByText("Void").waitFor(soon);

    // A plan, created and archived.
    await page.getByRole("navigation", { name: "Billing" }).getByRole("link", { name: "Plans" }).click();
    await page.getByRole("heading", { level: 2, name: "Plans" }).waitFor(soon);
    const plan = unique("Matinee Club");
    await page.getByRole("button", { name: "New plan" }).click();
    await page.getByLabel("Plan name").fill(plan);
    await page.getByLabel("Description").fill("Weekday matinees in HD");
    await page.getByLabel("Price").fill("7.99");
    await page.getByLabel("Billed every").selectOption("month");
    await page.getByLabel("Trial days").fill("7");
    await page.getByLabel("Streams at once").fill("2");
    await page.getByLabel("Features").fill("hd, premium_titles");
    await page.getByRole("button", { name: "Create plan" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Created ${plan}.` })
      .waitFor(soon);
    const plans = page.getByRole("region", { name: "Plans" });
    const planRow = plans.getByRole("row").filter({ hasText: plan });
    await planRow.getByText("$7.99 / month").waitFor(soon);
    expect(await planNamed(plan)).toMatchObject({
      price: 799,
      currency: "usd",
      interval: "month",
      trialDays: 7,
      maxStreams: 2,
      features: ["hd", "premium_titles"],
      status: "active",
    });
    await planRow.getByRole("button", { name: `Archive ${plan}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${plan} is archived` })
      .waitFor(soon);
    await planRow.getByText("archived").waitFor(soon);
    expect((await planNamed(plan))?.status).toBe("archived");
    await expectAccessible(page);

    errors.expectNone();
    await context.close();
  });

  it("a plan nobody subscribed to is deleted after a confirmation, at 360 px", {
    timeout: 120_000,
  }, async () => {
    const admin = await newStaff("admin", "planner");
    const unused = unique("Short Lived");
    const made = await stackApi(await adminToken()).plans.$post({
      json: { name: unused, price: 499, currency: "usd", interval: "month" },
    });
    expect(made.status).toBe(201);
    const { context, page } = await newPage({ width: 360, height: 800 });
    const errors = watchErrors(page);
    await signInInPage(page, admin.email, admin.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);
    await page.goto("/staff/billing/plans");
    const row = page.getByRole("region", { name: "Plans" }).getByRole("row").filter({ hasText: unused });
    await row.getByRole("button", { name: `Delete ${unused}` }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${unused}?` });
    await dialog.getByRole("button", { name: "Delete plan" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Deleted ${unused}.` })
      .waitFor(soon);
    expect(await planNamed(unused)).toBeUndefined();
    await expectAccessible(page);
    errors.expectNone();
    await context.close();
  });

  it("an admin creates a reward and archives it, and gives an account points with a reason", { timeout: 120_000 }, async () => {
    const admin = await newStaff("admin", "rewarder");
    const member = await newBuyer("member");
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signInInPage(page, admin.email, admin.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);

    await page.goto("/staff/billing/rewards");
    await page.getByRole("heading", { level: 2, name: "Rewards" }).waitFor(soon);
    const name = unique("Ten off");
    await page.getByLabel("Reward name").fill(name);
    await page.getByLabel("Kind").selectOption("discount_code");
    await page.getByLabel("Cost in points").fill("300");
    await page.getByRole("button", { name: "Create reward" }).click();
    await page.getByText("1 to 100").waitFor(soon);
    await page.getByLabel("Discount %").fill("10");
    await page.getByRole("button", { name: "Create reward" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Created ${name}.` })
      .waitFor(soon);
    const row = page.getByRole("region", { name: "Rewards" }).getByRole("row").filter({ hasText: name });
    await row.getByText("Discount code (10 %)").waitFor(soon);
    await row.getByText("No limit").waitFor(soon);
    await row.getByRole("button", { name: `Archive ${name}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${name} is archived` })
      .waitFor(soon);
    await expect.poll(() => row.count(), soon).toBe(0);

    await page.getByRole("navigation", { name: "Billing" }).getByRole("link", { name: "Loyalty points" }).click();
    await page.getByLabel("Find the account").fill(member.email);
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByRole("button", { name: new RegExp(member.name) }).click();
    await page.getByText(`Adjusting ${member.name} (${member.email})`).waitFor(soon);
    await page.getByLabel("Points (+ adds, − takes away)").fill("0");
    await page.getByLabel("Reason").fill("Welcome gift");
    await page.getByRole("button", { name: "Adjust points" }).click();
    await page.getByText("Whole points, not 0").waitFor(soon);
    await page.getByLabel("Points (+ adds, − takes away)").fill("750");
    await page.getByRole("button", { name: "Adjust points" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Added 750 points for ${member.name}` })
      .waitFor(soon);
    const standing = await stackApi(member.token).me.loyalty.$get();
    expect(standing.status).toBe(200);
    expect(await standing.json()).toMatchObject({ member: true, balance: 750 });
    await expectAccessible(page);
    errors.expectNone();
    await context.close();
  });
});
