import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, unique } from "../../test/api";

const register = (body: unknown) => api("POST", "/api/auth/register", { body });
const login = (email: string, password: string, ip?: string) =>
  api("POST", "/api/auth/login", { body: { email, password }, headers: ip ? { "cf-connecting-ip": ip } : {} });

describe("POST /api/auth/register", () => {
  it("creates the account, signs it in and stores only a PBKDF2 hash", async () => {
    const username = unique("reg");
    const res = await register({ email: `${username}@Example.COM`, password: "ten-chars!", name: "Ada", username });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      email: `${username}@example.com`,
      username,
      name: "Ada",
      role: "user",
      hasPassword: true,
    });
    expect(res.body.accessToken).toMatch(/^ey/);
    expect(res.body.refreshToken).toContain(".");
    expect(JSON.stringify(res.body)).not.toContain("ten-chars!");
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
      .bind(res.body.user.id)
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
    const problem = expectProblem(res, 400);
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
    expect(expectProblem(sameEmail, 409).detail).toMatch(/email/);
    const username = unique("taken");
    await registerUser({ username });
    const sameUsername = await register({
      email: `${unique("e")}@example.com`,
      password: "a-long-password",
      name: "X",
      username,
    });
    expect(expectProblem(sameUsername, 409).detail).toMatch(/username/);
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE username = ?")
      .bind(username)
      .first<{ n: number }>();
    expect(count?.n).toBe(1);
  });

  it("cannot claim the configured admin email", async () => {
    const res = await register({ email: env.ADMIN_EMAIL, password: "a-long-password", name: "Mallory", username: unique("mal") });
    expectProblem(res, 409);
  });
});

describe("POST /api/auth/login", () => {
  it("signs in with the right password", async () => {
    const user = await registerUser();
    const res = await login(user.email.toUpperCase(), user.password);
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    expect(res.body.expiresIn).toBe(900);
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    const user = await registerUser();
    const wrong = expectProblem(await login(user.email, "wrong-password"), 401);
    const unknown = expectProblem(await login(`${unique("nobody")}@example.com`, "wrong-password"), 401);
    expect(wrong.detail).toBe(unknown.detail);
  });

  it("creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD", async () => {
    const res = await login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe("admin");
    const again = await login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    expect(again.body.user.id).toBe(res.body.user.id);
  });

  it("locks an account for 15 minutes after 5 failures, even for the right password", async () => {
    const user = await registerUser();
    for (let i = 0; i < 5; i++) expectProblem(await login(user.email, "wrong-password"), 401);
    const locked = await login(user.email, user.password);
    expectProblem(locked, 429);
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it("resets the count after a success", async () => {
    const user = await registerUser();
    for (let i = 0; i < 4; i++) expectProblem(await login(user.email, "wrong-password"), 401);
    expect((await login(user.email, user.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expectProblem(await login(user.email, "wrong-password"), 401);
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it("locks one address that fails across many accounts", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 5; i++) expectProblem(await login(`${unique("spray")}@example.com`, "wrong-password", ip), 401);
    const victim = await registerUser();
    expectProblem(await login(victim.email, victim.password, ip), 429);
    expect((await login(victim.email, victim.password, "198.51.100.7")).status).toBe(200);
  });

  it("counts only failures inside the window", async () => {
    const user = await registerUser();
    const old = Date.now() - 16 * 60 * 1000;
    for (let i = 0; i < 5; i++) {
      await env.DB.prepare("INSERT INTO login_failures (key, at) VALUES (?, ?)").bind(`account:${user.email}`, old).run();
    }
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it("validates the body", async () => {
    const problem = expectProblem(await api("POST", "/api/auth/login", { body: { email: "x" } }), 400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(["email", "password"]);
  });
});
