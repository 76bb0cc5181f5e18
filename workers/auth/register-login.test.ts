import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, unique } from "../../test/api";
import { checkedFetch, client, expectJson, expectProblemOf } from "../../test/client";

const auth = client().auth;
const register = (json: Parameters<typeof auth.register.$post>[0]["json"]) => auth.register.$post({ json });
const login = (email: string, password: string) => auth.login.$post({ json: { email, password } });
const signIn = (identifier: string, password: string) => auth.login.$post({ json: { identifier, password } });

describe("POST /api/auth/register", () => {
  it("creates the account, signs it in and stores only a PBKDF2 hash", async () => {
    const username = unique("reg");
    const body = await expectJson(
      await register({ email: `${username}@Example.COM`, password: "ten-chars!", name: "Ada", username }),
      201,
    );
    expect(body.user).toMatchObject({
      email: `${username}@example.com`,
      username,
      name: "Ada",
      role: "user",
      hasPassword: true,
    });
    expect(body.accessToken).toMatch(/^ey/);
    expect(body.refreshToken).toContain(".");
    expect(JSON.stringify(body)).not.toContain("ten-chars!");
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
      .bind(body.user.id)
      .first<{ password_hash: string }>();
    expect(row?.password_hash).toMatch(/^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/);
  });

  it("gives every account a first profile", async () => {
    const user = await registerUser({ name: "Grace" });
    const row = await env.DB.prepare("SELECT name FROM profiles WHERE user_id = ?").bind(user.id).first<{ name: string }>();
    expect(row?.name).toBe("Grace");
  });

  it("lists every invalid field", async () => {
    const res = await register({ email: "not-an-email", password: "short", name: "", username: "x!" });
    const problem = await expectProblemOf(res, 400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(["email", "name", "password", "username"]);
  });

  it("refuses a second account with the same email (any case) or username", async () => {
    const first = await registerUser();
    const sameEmail = await register({
      email: first.email.toUpperCase(),
      password: "a-long-password",
      name: "X",
      username: unique("other"),
    });
    expect((await expectProblemOf(sameEmail, 409)).detail).toMatch(/email/);
    const username = unique("taken");
    await registerUser({ username });
    const sameUsername = await register({
      email: `${unique("e")}@example.com`,
      password: "a-long-password",
      name: "X",
      username,
    });
    expect((await expectProblemOf(sameUsername, 409)).detail).toMatch(/username/);
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE username = ?")
      .bind(username)
      .first<{ n: number }>();
    expect(count?.n).toBe(1);
  });

  it("makes the username from the email when none is given", async () => {
    const local = unique("Ada.L");
    const res = await expectJson(
      await register({ email: `${local}+films@Example.com`, password: "a-long-password", name: "Ada" }),
      201,
    );
    expect(res.user.username).toBe(local.toLowerCase());
    expect((await expectJson(await signIn(local, "a-long-password"), 200)).user.id).toBe(res.user.id);
  });

  it("adds digits when the derived username is taken, and never answers 409 for it", async () => {
    const local = unique("dup");
    await registerUser({ username: local });
    const res = await expectJson(
      await register({ email: `${local}@other.example`, password: "a-long-password", name: "Second" }),
      201,
    );
    expect(res.user.username).toMatch(new RegExp(`^${local}\\d+$`));
    expect(res.user.username.length).toBeLessThanOrEqual(30);
  });

  it("makes a valid username from a local part that is short or has other characters", async () => {
    const domain = `${unique("d")}.example`;
    const short = await expectJson(await register({ email: `a-b@${domain}`, password: "a-long-password", name: "Short" }), 201);
    expect(short.user.username).toMatch(/^ab0\d*$/);
  });

  it("still checks a username that is given", async () => {
    const res = await register({
      email: `${unique("e")}@example.com`,
      password: "a-long-password",
      name: "X",
      username: "no spaces",
    });
    expect((await expectProblemOf(res, 400)).errors?.map((e) => e.path)).toEqual(["username"]);
  });

  it("cannot claim the configured admin email", async () => {
    const res = await register({ email: env.ADMIN_EMAIL, password: "a-long-password", name: "Mallory", username: unique("mal") });
    await expectProblemOf(res, 409);
  });
});

describe("POST /api/auth/login", () => {
  it("signs in with the right password", async () => {
    const user = await registerUser();
    const res = await expectJson(await login(user.email.toUpperCase(), user.password), 200);
    expect(res.user.id).toBe(user.id);
    expect(res.expiresIn).toBe(900);
  });

  it("signs in with the email or the username as identifier, in any case", async () => {
    const username = unique("ident");
    const user = await registerUser({ username });
    const byEmail = await expectJson(await signIn(user.email.toUpperCase(), user.password), 200);
    expect(byEmail.user.id).toBe(user.id);
    const byUsername = await expectJson(await signIn(` ${username.toUpperCase()} `, user.password), 200);
    expect(byUsername.user.id).toBe(user.id);
    expect(byUsername.accessToken).toMatch(/^ey/);
  });

  it("gives the same answer for an unknown email or username and a wrong password", async () => {
    const user = await registerUser();
    const wrong = await expectProblemOf(await login(user.email, "wrong-password"), 401);
    expect(wrong.detail).toBe("Email/username or password is incorrect");
    const unknownEmail = await expectProblemOf(await signIn(`${unique("nobody")}@example.com`, "wrong-password"), 401);
    const unknownName = await expectProblemOf(await signIn(unique("nobody"), "wrong-password"), 401);
    expect(unknownEmail.detail).toBe(wrong.detail);
    expect(unknownName.detail).toBe(wrong.detail);
  });

  it("does not take an email as a username or a username's password for another account", async () => {
    const a = await registerUser();
    const b = await registerUser({ password: "b-long-password" });
    await expectProblemOf(await signIn(a.email.split("@")[0], b.password), 401);
    await expectProblemOf(await signIn(a.email, b.password), 401);
  });

  it("refuses a deleted account by its username too", async () => {
    const username = unique("gone");
    const user = await registerUser({ username });
    expect((await client(user.accessToken).users[":id"].$delete({ param: { id: user.id } })).status).toBe(204);
    await expectProblemOf(await signIn(username, user.password), 401);
  });

  it("creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD", async () => {
    const res = await expectJson(await login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD), 200);
    expect(res.user.role).toBe("admin");
    const again = await expectJson(await login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD), 200);
    expect(again.user.id).toBe(res.user.id);
  });

  it("creates the first admin when ADMIN_EMAIL is sent as identifier", async () => {
    const res = await expectJson(await signIn(env.ADMIN_EMAIL.toUpperCase(), env.ADMIN_PASSWORD), 200);
    expect(res.user.role).toBe("admin");
    const byUsername = await expectJson(await signIn(res.user.username, env.ADMIN_PASSWORD), 200);
    expect(byUsername.user.id).toBe(res.user.id);
  });

  it("validates the body", async () => {
    // @ts-expect-error the password is missing on purpose
    const problem = await expectProblemOf(await auth.login.$post({ json: { email: "x" } }), 400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(["email", "password"]);
  });

  it("asks for an identifier, and for only one of identifier and email", async () => {
    const none = await expectProblemOf(await auth.login.$post({ json: { password: "whatever" } }), 400);
    expect(none.errors).toEqual([expect.objectContaining({ path: "identifier", message: "Enter your email or username" })]);
    const blank = await expectProblemOf(await auth.login.$post({ json: { identifier: "  ", password: "x" } }), 400);
    expect(blank.errors?.map((e) => e.path)).toEqual(["identifier"]);
    const both = await expectProblemOf(
      await auth.login.$post({ json: { identifier: "ada", email: "ada@example.com", password: "x" } }),
      400,
    );
    expect(both.errors?.map((e) => e.path)).toEqual(["identifier"]);
  });

  it("documents both body shapes and the optional username", async () => {
    // The document is served beside the typed routes, not as one of them: typed by hand here.
    type Schema = { properties: Record<string, unknown>; required: string[] };
    type Doc = { components: { schemas: Record<string, Schema> }; paths: Record<string, { post: { description: string } }> };
    const doc = (await (await checkedFetch("https://marquee.test/api/openapi.json")).json()) as Doc;
    const credentials = doc.components.schemas.Credentials;
    expect(Object.keys(credentials.properties).sort()).toEqual(["email", "identifier", "password"]);
    expect(credentials.required).toEqual(["password"]);
    expect(doc.paths["/auth/login"].post.description).toMatch(/identifier.*email or its username/s);
    expect(doc.components.schemas.Registration.required).not.toContain("username");
  });
});
