// Demo data for a local stack, created through the public API so it obeys every rule the
// API enforces. Idempotent: anything that already exists is left as it is.
import { devVars } from "./stack.mjs";

export const demoUsers = [
  { email: "ada@marquee.local", username: "ada", name: "Ada Lovelace", password: "marquee-demo-123" },
  { email: "grace@marquee.local", username: "grace", name: "Grace Hopper", password: "marquee-demo-123" },
  { email: "alan@marquee.local", username: "alan", name: "Alan Turing", password: "marquee-demo-123" },
];

async function call(baseUrl, method, path, body, token) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

export async function seed(baseUrl) {
  // Signing in as ADMIN_EMAIL creates the first admin if it does not exist yet.
  const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = devVars();
  const admin = await call(baseUrl, "POST", "/api/auth/login", { email, password });
  if (admin.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(admin.body)}`);
  for (const user of demoUsers) {
    const res = await call(baseUrl, "POST", "/api/auth/register", user);
    if (res.status !== 201 && res.status !== 409) throw new Error(`seeding ${user.email} failed: ${JSON.stringify(res.body)}`);
  }
  await (await import("./seed-catalog.mjs")).seedCatalog(baseUrl, admin.body.accessToken);
  await (await import("./seed-cinema.mjs")).seedCinema(baseUrl, admin.body.accessToken);
  return { admin: admin.body };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
  await seed(baseUrl);
  console.log(`Seeded demo data into ${baseUrl}`);
}
