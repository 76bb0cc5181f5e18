import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin, unique } from "../../test/api";
import { client, expectJson } from "../../test/client";

const admin = signInAdmin();

async function auditEntries(query: Record<string, string>) {
  const { accessToken } = await admin;
  return expectJson(await client(accessToken).admin.audit.$get({ query }), 200);
}

describe("request ids", () => {
  it("keeps a well-formed id from the caller, replaces a malformed one, and puts it in every problem", async () => {
    const given = `trace-${unique("r")}`;
    const kept = await SELF.fetch("https://marquee.test/api/movies/nope", { headers: { "x-request-id": given } });
    expect(kept.status).toBe(404);
    expect(kept.headers.get("x-request-id")).toBe(given);
    expect((await kept.json<{ requestId: string }>()).requestId).toBe(given);

    const replaced = await SELF.fetch("https://marquee.test/api/genres", { headers: { "x-request-id": "not ok; <script>" } });
    const generated = replaced.headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9A-Z]{26}$/);
    expect((await SELF.fetch("https://marquee.test/health")).headers.get("x-request-id")).toMatch(/^[0-9A-Z]{26}$/);
  });
});

describe("GET /api/admin/audit", () => {
  it("records sign-ins, failed sign-ins and sign-outs with the client address and request id", async () => {
    const person = await registerUser();
    const failed = await client().auth.login.$post(
      { json: { email: person.email, password: "not-the-password" } },
      { headers: { "cf-connecting-ip": "203.0.113.7" } },
    );
    expect(failed.status).toBe(401);
    const signedIn = await client().auth.login.$post({ json: { email: person.email, password: person.password } });
    expect(signedIn.status).toBe(200);

    const { items } = await auditEntries({ target: person.id, action: "auth.*" });
    const failure = items.find((e) => e.action === "auth.sign_in_failed");
    expect(failure).toMatchObject({ actor: null, targetType: "user", targetId: person.id, clientAddress: "203.0.113.7" });
    expect(failure?.requestId).toBe(failed.headers.get("x-request-id"));
    expect(failure?.detail).toMatchObject({ reason: "wrong_password" });
    const success = items.find((e) => e.action === "auth.sign_in");
    expect(success?.actor?.id).toBe(person.id);
    expect(success?.requestId).toBe(signedIn.headers.get("x-request-id"));
  });

  it("records a role change by name and any other staff write by its route, once each", async () => {
    const { accessToken, id: adminId } = await admin;
    const person = await registerUser();
    const changed = await client(accessToken).users[":id"].role.$patch({ param: { id: person.id }, json: { role: "moderator" } });
    expect(changed.status).toBe(200);
    const genre = await expectJson(await client(accessToken).genres.$post({ json: { name: unique("Audited ") } }), 201);

    const roleChanges = (await auditEntries({ action: "user.role_changed", target: person.id })).items;
    expect(roleChanges).toHaveLength(1);
    expect(roleChanges[0]).toMatchObject({ actor: { id: adminId, role: "admin" }, targetType: "user", targetId: person.id });
    expect(roleChanges[0].requestId).toBe(changed.headers.get("x-request-id"));

    const { items } = await auditEntries({ action: "staff.write", actor: adminId });
    const write = items.find((e) => e.targetId === null && e.detail.route === "/api/genres");
    expect(write).toMatchObject({ detail: { method: "POST", route: "/api/genres", status: 201 } });
    expect(genre.name).toMatch(/^Audited /);
    // A viewer's own writes are not the audit log's business.
    const viewer = await registerUser();
    await client(viewer.accessToken).playlists.$post({ json: { name: "Mine" } });
    expect((await auditEntries({ actor: viewer.id })).items).toHaveLength(0);
  });

  it("filters by time and pages with a cursor", async () => {
    const first = await auditEntries({ limit: "2", action: "auth.*" });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await auditEntries({ limit: "2", action: "auth.*", cursor: first.nextCursor as string });
    expect(second.items.map((e) => e.id)).not.toContain(first.items[0].id);
    expect(second.items[0].at <= first.items[1].at).toBe(true);
    expect((await auditEntries({ to: "2000-01-01" })).items).toHaveLength(0);
  });

  it("is for admins only, and refuses a bad filter with a problem", async () => {
    expect((await client().admin.audit.$get({ query: {} })).status).toBe(401);
    const viewer = await registerUser();
    expect((await client(viewer.accessToken).admin.audit.$get({ query: {} })).status).toBe(403);
    const { accessToken } = await admin;
    expect((await client(accessToken).admin.audit.$get({ query: { action: "DROP TABLE" } })).status).toBe(400);
    expect((await client(accessToken).admin.audit.$get({ query: { from: "yesterday" } })).status).toBe(400);
  });
});

describe("GET /api/admin/errors", () => {
  it("keeps a 5xx with its request id, route and stack, while the caller sees a plain problem", async () => {
    const name = unique("explode-");
    // A fault in the real database: a trigger refuses this one genre's insert.
    await env.DB.exec(
      `CREATE TRIGGER fail_${name.replace(/\W/g, "_")} BEFORE INSERT ON genres WHEN NEW.name = '${name}' BEGIN SELECT RAISE(ABORT, 'injected fault'); END;`,
    );
    const { accessToken } = await admin;
    // Straight to the Worker: a 500 is in no route's documented answers, which the typed client checks.
    const res = await SELF.fetch("https://marquee.test/api/genres", {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    const requestId = res.headers.get("x-request-id");
    expect(body.requestId).toBe(requestId);
    expect(JSON.stringify(body)).not.toContain("injected fault");
    expect(body).toMatchObject({ status: 500, title: expect.any(String), detail: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/injected|stack|\.ts:\d+/);

    // The row is written in the background; it lands within moments.
    let entry:
      | { requestId: string | null; route: string | null; status: number | null; message: string; stack: string | null }
      | undefined;
    for (let i = 0; i < 50 && !entry; i++) {
      const { items } = await expectJson(await client(accessToken).admin.errors.$get({ query: { source: "request" } }), 200);
      entry = items.find((e) => e.requestId === requestId);
      if (!entry) await new Promise((r) => setTimeout(r, 100));
    }
    expect(entry).toMatchObject({ route: "/api/genres", status: 500, method: "POST" });
    expect(entry?.message).toContain("injected fault");
    expect(entry?.stack).toBeTruthy();
  });

  it("is for admins only", async () => {
    expect((await client().admin.errors.$get({ query: {} })).status).toBe(401);
    const viewer = await registerUser();
    expect((await client(viewer.accessToken).admin.errors.$get({ query: {} })).status).toBe(403);
  });
});
