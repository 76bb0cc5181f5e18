import { describe, expect, it } from "vitest";
import { buyByApi, newBuyer, newShowtime, signInAs } from "./box-office";
import { baseUrl, expectAccessible } from "./browser";

interface Sms {
  kind: string;
  text: string;
}

/** What the stack's dev SMS outbox texted to `phone`, newest first. */
async function textsTo(phone: string): Promise<Sms[]> {
  const res = await fetch(`${baseUrl}/api/dev/sms?to=${encodeURIComponent(phone)}`);
  if (res.status !== 200) throw new Error(`GET /api/dev/sms answered ${res.status}`);
  return ((await res.json()) as { items: Sms[] }).items;
}

const codeIn = (texts: Sms[]) => texts.find((sms) => sms.kind === "phone_verification")?.text.match(/\b(\d{6})\b/)?.[1];

describe("mobile number and text messages in the browser", () => {
  it("adds a number, verifies it with the texted code, opts in, and a ticket confirmation is texted", async () => {
    const buyer = await newBuyer("phone");
    const phone = `+346${String(Date.now() % 100_000_000).padStart(8, "0")}`;
    const { context, page, errors } = await signInAs(buyer, "/account");
    const texting = page.getByRole("group", { name: "Text me when…" });
    const confirmations = texting.getByRole("checkbox", { name: "My tickets are confirmed" });
    await confirmations.waitFor();
    // No verified number yet: the text message choices wait for one.
    expect(await confirmations.isDisabled()).toBe(true);

    await page.getByRole("textbox", { name: "Mobile number" }).fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByText(`We sent a 6-digit code to ${phone}.`).waitFor();
    let code: string | undefined;
    await expect.poll(async () => (code = codeIn(await textsTo(phone)))).toMatch(/^\d{6}$/);

    // A wrong code shows the API's detail, and the form stays.
    const codeBox = page.getByLabel("Code from the text message");
    await codeBox.fill(String((Number(code) + 1) % 1_000_000).padStart(6, "0"));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByText(/That code is not correct: 4 tries left/).waitFor();
    await expectAccessible(page);

    await codeBox.fill(code as string);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByText(`${phone} is verified.`).waitFor();
    await page.getByText("verified", { exact: true }).waitFor();

    await expect.poll(() => confirmations.isDisabled()).toBe(false);
    await confirmations.check();
    await page.getByText("Saved: a text message when my tickets are confirmed.").waitFor();
    expect(await confirmations.isChecked()).toBe(true);

    const showtime = await newShowtime();
    const order = await buyByApi(buyer, showtime.id, ["A1"]);
    await expect
      .poll(async () => (await textsTo(phone)).find((sms) => sms.kind === "order_confirmed")?.text, { timeout: 15_000 })
      .toContain(order.id);

    // Removing the number turns the text messages off.
    await page.getByRole("button", { name: "Remove number" }).click();
    await page.getByText("Your number is removed; no more text messages.").waitFor();
    await expect.poll(() => confirmations.isChecked()).toBe(false);
    expect(await confirmations.isDisabled()).toBe(true);
    // The 422 of the wrong code is the browser's own console line for a failed fetch.
    errors.expectNone([/422/]);
    await context.close();
  });
});
