import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { codeSentTo, newPhone, textsTo, withVerifiedPhone } from "./phone.test-helpers";

const phoneApi = (user: TestUser) => client(user.accessToken).me.phone;
const sendCode = async (user: TestUser, phone: string) => expectJson(await phoneApi(user).$put({ json: { phone } }), 202);
const verify = (user: TestUser, code: string) => phoneApi(user).verify.$post({ json: { code } });

const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("the account's mobile number", () => {
  it("is verified by the code texted to it, and then shows on the account", async () => {
    const user = await registerUser();
    const phone = newPhone();
    expect(await expectJson(await phoneApi(user).$get(), 200)).toEqual({
      phone: null,
      verified: false,
      verifiedAt: null,
      pending: null,
    });

    const sent = await sendCode(user, phone.replace(/^(\+\d{2})(\d{3})/, "$1 $2 "));
    expect(sent).toMatchObject({ phone, attemptsLeft: 5 });
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(sent.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const [text] = await textsTo(phone);
    expect(text).toMatchObject({ to: phone, kind: "phone_verification", status: "sent", userId: user.id });
    // Stored unverified: the account has no number yet, the pending one is shown apart.
    expect(await expectJson(await phoneApi(user).$get(), 200)).toMatchObject({
      phone: null,
      verified: false,
      pending: { phone },
    });
    expect((await expectJson(await client(user.accessToken).me.$get(), 200)).phone).toBeNull();
    // Only a hash of the code is kept.
    const row = await env.DB.prepare("SELECT code_hash FROM phone_verifications WHERE user_id = ?")
      .bind(user.id)
      .first<{ code_hash: string }>();
    expect(row?.code_hash).not.toContain(await codeSentTo(phone));

    const verified = await expectJson(await verify(user, await codeSentTo(phone)), 200);
    expect(verified).toMatchObject({ phone, verified: true, verifiedAt: expect.any(String), pending: null });
    expect(await expectJson(await client(user.accessToken).me.$get(), 200)).toMatchObject({
      phone,
      phoneVerifiedAt: expect.any(String),
    });
    // The code is spent.
    await expectProblemOf(await verify(user, await codeSentTo(phone)), 409);
  });

  it("keeps the verified number while a new one waits for its code", async () => {
    const user = await registerUser();
    const first = await withVerifiedPhone(user);
    await expectProblemOf(await phoneApi(user).$put({ json: { phone: first } }), 409);
    const second = newPhone();
    await sendCode(user, second);
    expect(await expectJson(await phoneApi(user).$get(), 200)).toMatchObject({
      phone: first,
      verified: true,
      pending: { phone: second },
    });
    await expectJson(await verify(user, await codeSentTo(second)), 200);
    expect((await expectJson(await client(user.accessToken).me.$get(), 200)).phone).toBe(second);
  });

  it("answers a wrong code with the tries left, then 429 until a new code is asked for", async () => {
    const user = await registerUser();
    const phone = newPhone();
    await sendCode(user, phone);
    const code = await codeSentTo(phone);
    const wrong = wrongCodeFor(code);
    for (let left = 4; left >= 0; left--) {
      const problem = await expectProblemOf(await verify(user, wrong), 422);
      expect(problem).toMatchObject({ attemptsLeft: left, errors: [{ path: "code", code: "invalid_code" }] });
      expect(problem.detail).toMatch(left > 0 ? `${left} tr` : /last try/);
    }
    // Every try is spent: even the right code is refused now.
    const tooMany = await expectProblemOf(await verify(user, code), 429);
    expect(tooMany.detail).toMatch(/new code/);
    expect(await expectJson(await phoneApi(user).$get(), 200)).toMatchObject({ verified: false, pending: null });

    await sendCode(user, phone);
    const fresh = await codeSentTo(phone);
    expect(await expectJson(await verify(user, fresh), 200)).toMatchObject({ phone, verified: true });
  });

  it("refuses an expired code with a clear problem", async () => {
    const user = await registerUser();
    const phone = newPhone();
    await sendCode(user, phone);
    await env.DB.prepare("UPDATE phone_verifications SET expires_at = ? WHERE user_id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), user.id)
      .run();
    const problem = await expectProblemOf(await verify(user, await codeSentTo(phone)), 422);
    expect(problem).toMatchObject({ errors: [{ path: "code", code: "expired" }] });
    expect(problem.detail).toMatch(/expired/);
    expect((await expectJson(await phoneApi(user).$get(), 200)).pending).toBeNull();
  });

  it("answers 409 to a code when none was sent", async () => {
    const user = await registerUser();
    const problem = await expectProblemOf(await verify(user, "123456"), 409);
    expect(problem.detail).toMatch(/No code/);
  });

  it("validates the number and the code", async () => {
    const user = await registerUser();
    for (const phone of ["600000000", "+0123456789", "+34 6", "+34600000000000000", "+34abc000000", ""]) {
      const problem = await expectProblemOf(await phoneApi(user).$put({ json: { phone } }), 400);
      expect(problem.errors?.[0]?.path).toBe("phone");
    }
    for (const code of ["12345", "1234567", "abcdef"]) {
      await expectProblemOf(await verify(user, code), 400);
    }
  });

  it("is removed with DELETE, which also turns text messages off", async () => {
    const user = await registerUser();
    await withVerifiedPhone(user);
    const prefs = client(user.accessToken).me["notification-preferences"];
    await expectJson(await prefs.$put({ json: { sms: { order_confirmed: true } } }), 200);

    const removed = await phoneApi(user).$delete();
    expect(removed.status).toBe(204);
    expect(await expectJson(await phoneApi(user).$get(), 200)).toEqual({
      phone: null,
      verified: false,
      verifiedAt: null,
      pending: null,
    });
    expect(await expectJson(await client(user.accessToken).me.$get(), 200)).toMatchObject({ phone: null, phoneVerifiedAt: null });
    expect((await expectJson(await prefs.$get(), 200)).sms).toEqual({ order_confirmed: false, showtime_cancelled: false });
    expect((await phoneApi(user).$delete()).status).toBe(204);
  });

  it("needs a signed-in user", async () => {
    const anonymous = client().me.phone;
    await expectProblemOf(await anonymous.$get(), 401);
    await expectProblemOf(await anonymous.$put({ json: { phone: newPhone() } }), 401);
    await expectProblemOf(await anonymous.verify.$post({ json: { code: "123456" } }), 401);
    await expectProblemOf(await anonymous.$delete(), 401);
  });

  it("sends codes only to the number asked for, not to other people's", async () => {
    const [ana, bob] = await Promise.all([registerUser(), registerUser()]);
    const phone = newPhone();
    await sendCode(ana, phone);
    // Bob cannot verify Ana's pending number with her code.
    await expectProblemOf(await verify(bob, await codeSentTo(phone)), 409);
    expect((await expectJson(await phoneApi(ana).$get(), 200)).pending?.attemptsLeft).toBe(5);
  });
});
