import { describe, expect, it } from "vitest";
import { problemBody } from "../../workers/lib/errors";
import { truncatedMp4 } from "../media-files";
import { newBuyer } from "./box-office";
import { adminToken, expectAccessible, newPage, newStaff, signInInPage, stackApi, watchErrors } from "./browser";

/** How long the page may take to show what the test waits for, on a busy machine. */
const soon = { timeout: 30_000 };

/** The account as the API has it (admins see disabled accounts too). */
async function accountOf(id: string) {
  const res = await stackApi(await adminToken()).users[":id"].$get({ param: { id } });
  if (res.status !== 200) throw new Error(`reading the account answered ${res.status}`);
  return res.json();
}

/** A job of `token`'s, once it is done or failed (waited for by state, the queue consumer runs it meanwhile). */
async function settledJob(token: string, id: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await stackApi(token).jobs[":id"].$get({ param: { id } });
    if (res.status !== 200) throw new Error(`reading the job answered ${res.status}`);
    const job = await res.json();
    if (job.status === "done" || job.status === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Signs in through the API: the status, and the problem's detail when refused. */
async function signInThroughApi(email: string, password: string) {
  const res = await stackApi().auth.login.$post({ json: { identifier: email, password } });
  const body = (await res.json()) as { detail?: string };
  return { status: res.status, detail: body.detail };
}

describe("the staff console's users", () => {
  it("an admin finds a new account by username, makes it moderator, disables it (sign-in fails) and enables it again", {
    timeout: 180_000,
  }, async () => {
    const member = await newBuyer("member");
    const admin = await newStaff("admin", "boss");
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signInInPage(page, admin.email, admin.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);
    await page.goto("/staff/users");
    await page.getByRole("heading", { level: 1, name: "Users" }).waitFor(soon);
    await page.getByLabel("Search accounts").fill(member.username);
    const results = page.getByRole("region", { name: "Matching accounts" });
    const row = results.getByRole("row").filter({ hasText: member.username });
    await row.getByRole("link", { name: member.name }).waitFor(soon);
    // The list shows the newest accounts until the search's answer replaces it: wait for that answer.
    await expect.poll(() => results.getByRole("row").count(), soon).toBe(2);
    await row.getByRole("cell", { name: "User", exact: true }).waitFor();
    await expectAccessible(page);

    await row.getByRole("link", { name: member.name }).click();
    await page.getByRole("heading", { level: 1, name: member.name }).waitFor(soon);
    await page.getByText(member.email).waitFor();

    // Role: moderator, as the API then reads it.
    await page.getByRole("combobox", { name: "Role" }).selectOption("moderator");
    await page.getByRole("button", { name: "Change role" }).click();
    await page.getByRole("status").getByText(`${member.name} is now moderator.`).waitFor(soon);
    expect((await accountOf(member.id)).role).toBe("moderator");
    await expectAccessible(page);

    // Disable, after a confirmation that says what it does.
    await page.getByRole("button", { name: "Disable account" }).click();
    const dialog = page.getByRole("dialog", { name: `Disable ${member.name}?` });
    await dialog.getByText(`${member.name} can no longer sign in; their sessions end.`).waitFor();
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Disable account" }).click();
    await page.getByText(/^Disabled since/).waitFor(soon);
    expect((await accountOf(member.id)).deletedAt).not.toBeNull();

    // The person cannot sign in; the sign-in page says what the API says.
    const refused = await signInThroughApi(member.email, member.password);
    expect(refused.status).toBe(401);
    const them = await newPage();
    const theirErrors = watchErrors(them.page);
    await signInInPage(them.page, member.email, member.password);
    await them.page
      .getByRole("alert")
      .getByText(refused.detail ?? "")
      .waitFor(soon);
    // The refused sign-in is the browser's own console line for the 401.
    theirErrors.expectNone([/401/]);

    // Disabled accounts are found under their own status, and enabled again from their page.
    await page.getByRole("link", { name: "All accounts" }).click();
    await page.getByLabel("Status").selectOption("disabled");
    await page.getByLabel("Search accounts").fill(member.username);
    const disabledRow = page
      .getByRole("region", { name: "Matching accounts" })
      .getByRole("row")
      .filter({ hasText: member.username });
    await disabledRow.getByText("disabled", { exact: true }).waitFor(soon);
    await disabledRow.getByRole("link", { name: member.name }).click();
    await page.getByRole("heading", { level: 1, name: member.name }).waitFor(soon);

    // Enabled again, they can sign in.
    await page.getByRole("button", { name: "Enable account" }).click();
    await page.getByRole("status").getByText(`Enabled ${member.name}'s account`).waitFor(soon);
    await page.getByRole("button", { name: "Disable account" }).waitFor(soon);
    expect((await accountOf(member.id)).deletedAt).toBeNull();
    expect((await signInThroughApi(member.email, member.password)).status).toBe(200);

    errors.expectNone();
    await them.context.close();
    await context.close();
  });

  it("says which account is yours, and shows the last-admin refusal next to the role", { timeout: 120_000 }, async () => {
    const admin = await newStaff("admin", "boss");
    const { context, page } = await newPage({ width: 360, height: 740 });
    const errors = watchErrors(page);
    await signInInPage(page, admin.email, admin.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);
    await page.goto(`/staff/users/${admin.id}`);
    await page.getByRole("heading", { level: 1, name: admin.name }).waitFor(soon);
    await page.getByText("This is your own account.").waitFor();

    // Other admins exist on a shared stack (other tests make them), so the last-admin guard cannot be
    // reached here for real; the workers test "never demotes or deletes the last admin" (users.test.ts)
    // proves the API's 409. The page is given that answer, as the API renders it, to show it inline.
    const detail = "The last admin cannot be demoted; promote another admin first";
    await page.route(`**/api/users/${admin.id}/role`, (route) =>
      route.fulfill({
        status: 409,
        contentType: "application/problem+json",
        body: JSON.stringify(problemBody("conflict", detail, { instance: `/api/users/${admin.id}/role` })),
      }),
    );
    await page.getByRole("combobox", { name: "Role" }).selectOption("user");
    await page.getByRole("button", { name: "Change role" }).click();
    await page.getByRole("alert").getByText(detail).waitFor(soon);
    const described = await page.getByRole("combobox", { name: "Role" }).getAttribute("aria-describedby");
    expect(await page.locator(`[id="${described}"]`).textContent()).toContain(detail);
    expect((await accountOf(admin.id)).role).toBe("admin");
    await expectAccessible(page);

    errors.expectNone([/409/]);
    await context.close();
  });

  it('is for admins: a plain account sees "Staff only", a moderator that it is for admins', { timeout: 120_000 }, async () => {
    const plain = await newBuyer("plain");
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signInInPage(page, plain.email, plain.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);
    await page.goto("/staff/users");
    await page.getByRole("heading", { level: 1, name: "Staff only" }).waitFor(soon);
    expect(await page.getByLabel("Search accounts").count()).toBe(0);
    errors.expectNone();
    await context.close();

    const moderator = await newStaff("moderator", "mod");
    const second = await newPage();
    const modErrors = watchErrors(second.page);
    await signInInPage(second.page, moderator.email, moderator.password);
    await second.page.waitForURL((url) => url.pathname !== "/sign-in", soon);
    await second.page.goto("/staff/users");
    await second.page.getByRole("heading", { level: 1, name: "Users" }).waitFor(soon);
    await second.page.getByText("Only admins can open this section.").waitFor(soon);
    expect(await second.page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Users" }).count()).toBe(0);
    modErrors.expectNone();
    await second.context.close();
  });

  it("media jobs: a failed conversion shows its reason, and Retry queues a new job", { timeout: 240_000 }, async () => {
    const owner = await newBuyer("uploader");
    const title = `Broken reel ${Date.now().toString(36)}`;
    const uploaded = await stackApi(owner.token).media.$post({
      form: { file: new File([await truncatedMp4()], "broken.mp4", { type: "video/mp4" }), title },
    });
    if (uploaded.status !== 201) throw new Error(`uploading answered ${uploaded.status}`);
    const media = await uploaded.json();
    const converted = await stackApi(owner.token).media[":id"].convert.$post({
      param: { id: media.id },
      json: { target: "mp4" },
    });
    if (converted.status !== 201) throw new Error(`converting answered ${converted.status}`);
    const failed = await settledJob(owner.token, (await converted.json()).id);
    expect(failed.status).toBe("failed");

    const admin = await newStaff("admin", "boss");
    const { context, page } = await newPage();
    const errors = watchErrors(page);
    await signInInPage(page, admin.email, admin.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in", soon);
    await page.goto("/staff/jobs");
    await page.getByRole("heading", { level: 1, name: "Media jobs" }).waitFor(soon);
    await page.getByLabel("Status").selectOption("failed");
    const rows = page.getByRole("region", { name: "Failed jobs" }).getByRole("row").filter({ hasText: title });
    const row = rows.first();
    await row.getByRole("link", { name: title }).waitFor(soon);
    await row.getByRole("link", { name: `@${owner.username}` }).waitFor();
    await row.getByRole("cell", { name: "MP4", exact: true }).waitFor();
    await row.getByText(failed.error ?? "").waitFor();
    await expectAccessible(page);

    await row.getByRole("button", { name: `Retry the MP4 conversion of ${title}` }).click();
    await page.getByRole("status").getByText(`Queued a new MP4 conversion of ${title}`).waitFor(soon);
    // Every status: the new job is listed beside the failed one.
    await page.getByLabel("Status").selectOption("");
    const all = page.getByRole("region", { name: "All jobs" }).getByRole("row").filter({ hasText: title });
    await expect.poll(() => all.count(), soon).toBe(2);

    errors.expectNone();
    await context.close();
  });
});
