// Shared by the fault scenarios in test/chaos: a stack of their own on a free port (never 8787,
// never the node project's), with state in a temporary directory that survives a restart, and a
// small HTTP client for the API.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devVars, ensureDevVars, freePort, type Stack, startStack } from "../../scripts/stack.mjs";

/** One stack's life across restarts: the port and state directory stay, the processes come and go. */
export class ChaosStack {
  stack: Stack | undefined;
  /** Everything wrangler printed since the last start (the Worker's JSON log lines among it). */
  output = "";
  private constructor(
    readonly port: number,
    readonly persistTo: string,
  ) {}

  static async create() {
    ensureDevVars();
    const port = await freePort();
    if (port === 8787) throw new Error("freePort answered 8787");
    return new ChaosStack(port, await mkdtemp(join(tmpdir(), "marquee-chaos-")));
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(vars: Record<string, string> = {}, migrate = true) {
    this.output = "";
    this.stack = await startStack({
      port: this.port,
      persistTo: this.persistTo,
      quiet: true,
      vars,
      migrate,
      output: (chunk) => {
        this.output += chunk.toString();
      },
    });
  }

  /** Waits until the Worker has logged `msg` (its JSON log line) since the last start. */
  async waitForLog(msg: string, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(`"msg":"${msg}"`)) {
      if (Date.now() > deadline) throw new Error(`the Worker never logged ${msg}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A crash, not a shutdown: SIGKILL to wrangler's and the transcoder's whole process groups. */
  async kill() {
    const stack = this.stack;
    if (!stack) return;
    for (const child of [stack.child, stack.transcoderChild]) {
      if (child.pid) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    await stack.stop(); // finds the groups gone; clears stack.mjs's bookkeeping
    this.stack = undefined;
  }

  /** A clean stop (SIGTERM, then SIGKILL after a grace). */
  async stop() {
    await this.stack?.stop();
    this.stack = undefined;
  }

  async dispose() {
    await this.stop();
    await rm(this.persistTo, { recursive: true, force: true });
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { detail?: string };
}

/** One API call: JSON in, JSON (or problem+json) out. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

/** Like `call`, but the status must be `expected`; answers the body. */
export async function ok<T = Record<string, unknown>>(expected: number, ...args: Parameters<typeof call>): Promise<T> {
  const answer = await call(...args);
  if (answer.status !== expected) {
    throw new Error(`${args[1]} ${args[2]} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body as T;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function signInAdmin(base: string) {
  const vars = devVars();
  const json = { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD };
  return (await ok<{ accessToken: string }>(200, base, "POST", "/api/auth/login", { json })).accessToken;
}

export async function registerUser(base: string) {
  const name = unique("chaos");
  const json = { email: `${name}@example.com`, password: "a-long-password", name: "Chaos Tester", username: name };
  const session = await ok<{ accessToken: string; user: { id: string } }>(201, base, "POST", "/api/auth/register", { json });
  return { id: session.user.id, token: session.accessToken };
}

/** A movie, a 5×5 theater and a showtime days ahead, made by the admin. */
export async function newShowtime(base: string, admin: string, holdTtlSeconds = 480) {
  const movie = await ok<{ id: string }>(201, base, "POST", "/api/movies", {
    token: admin,
    json: { title: unique("Chaos movie "), releaseYear: 2024, runtimeMinutes: 90 },
  });
  const theater = await ok<{ id: string }>(201, base, "POST", "/api/theaters", {
    token: admin,
    json: { name: unique("Chaos screen "), rows: 5, seatsPerRow: 5 },
  });
  const startsAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
  return ok<{ id: string }>(201, base, "POST", "/api/showtimes", {
    token: admin,
    json: { movieId: movie.id, theaterId: theater.id, startsAt, price: 1200, holdTtlSeconds },
  });
}

export async function seatStates(base: string, showtimeId: string) {
  const map = await ok<{ seats: { label: string; state: string }[] }>(200, base, "GET", `/api/showtimes/${showtimeId}/seats`);
  return Object.fromEntries(map.seats.map((s) => [s.label, s.state]));
}
