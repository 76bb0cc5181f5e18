import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  // The `workers` project raises every rate limit through configuration (the same bindings,
  // bigger budgets), so suites that make hundreds of requests from one address never meet a 429;
  // `workers-limits` keeps wrangler.toml's limits for the tests of the limits themselves.
  const RAISED = 1_000_000;
  const raisedLimits = {
    ratelimits: Object.fromEntries(
      ["RATE_LIMIT_AUTH", "RATE_LIMIT_WRITE", "RATE_LIMIT_READ", "RATE_LIMIT_STREAM"].map((name) => [
        name,
        { simple: { limit: RAISED, period: 60 as const } },
      ]),
    ),
    bindings: { RATE_LIMITS: `auth=${RAISED}/60 write=${RAISED}/60 read=${RAISED}/60 stream=${RAISED}/60` },
  };
  const workersProject = (
    name: string,
    include: string[],
    exclude: string[],
    limits: { ratelimits: Record<string, { simple: { limit: number; period: 10 | 60 } }>; bindings: { RATE_LIMITS: string } },
  ) => ({
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          ratelimits: limits.ratelimits,
          bindings: {
            ...limits.bindings,
            // A breaker that half-opens within a test's patience (wrangler.toml: 30 s).
            BREAKER_OPEN_SECONDS: "2",
            // Suites that fail a dependency on purpose (retry and backoff tests) never trip a breaker;
            // the breaker tests pass their own threshold with the env of the calls they make.
            BREAKER_FAILURE_THRESHOLD: "1000",
            TEST_MIGRATIONS: migrations,
            ENVIRONMENT: "test",
            JWT_SECRET: "test-secret-test-secret-test-secret-0123",
            ADMIN_EMAIL: "admin@marquee.test",
            ADMIN_PASSWORD: "admin-password-123",
            CORS_ORIGINS: "https://app.marquee.test",
            GOOGLE_CLIENT_ID: "marquee-test-client",
            GOOGLE_ISSUER: "https://accounts.google.test",
            GOOGLE_JWKS_URL: inject("jwksUrl"),
            GOOGLE_TEST_PRIVATE_JWK: inject("googlePrivateJwk"),
            TRANSCODER_URL: inject("transcoderUrl"),
            MEDIA_MAX_UPLOAD_BYTES: String(3 * 1024 * 1024),
            MEDIA_QUOTA_BYTES: String(4 * 1024 * 1024),
            METRICS_TOKEN: "test-metrics-token-0123456789",
            // test/fuzz: requests per operation and identity, and the seed (a long run raises them).
            FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
            FUZZ_SEED: process.env.FUZZ_SEED ?? "",
          },
        },
      })),
    ],
    test: {
      name,
      silent: "passed-only" as const,
      globalSetup: ["./test/global-setup.ts", "./test/media-global-setup.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      include,
      exclude,
    },
  });
  const workers = workersProject(
    "workers",
    ["workers/**/*.test.ts", "durable-objects/**/*.test.ts", "test/fuzz/**/*.test.ts"],
    ["**/*.limits.test.ts"],
    raisedLimits,
  );
  // wrangler.toml's limits, but writes count in a 10 s window (a reset fits in a test) and streaming
  // in 16 MiB (exhausting 2048 MiB would take gigabytes of test traffic).
  const productionLimits = {
    ratelimits: {
      RATE_LIMIT_AUTH: { simple: { limit: 10, period: 60 as const } },
      RATE_LIMIT_WRITE: { simple: { limit: 120, period: 10 as const } },
      RATE_LIMIT_READ: { simple: { limit: 600, period: 60 as const } },
      RATE_LIMIT_STREAM: { simple: { limit: 16, period: 60 as const } },
    },
    bindings: { RATE_LIMITS: "auth=10/60 write=120/10 read=600/60 stream=16/60" },
  };
  const workersLimits = workersProject("workers-limits", ["workers/**/*.limits.test.ts"], [], productionLimits);
  // Clients that cannot run inside workerd (tus-js-client), the transcoder's two FFmpeg engines
  // and the web app (Chromium driven by playwright-core) are tested in Node, against the real
  // local stack (wrangler dev + transcoder) seeded as `npm start` seeds it.
  const node = {
    test: {
      name: "node",
      environment: "node",
      silent: "passed-only" as const,
      globalSetup: ["./test/node/stack-setup.ts"],
      include: ["test/node/**/*.test.ts", "test/browser/**/*.test.ts"],
      exclude: ["test/node/backup.test.ts"],
      testTimeout: 120_000,
      hookTimeout: 300_000,
    },
  };
  // db:backup and db:restore on a stack of their own, after every other project has finished: seeding
  // and converting the demo media beside the browser tests would slow them on a small machine.
  const backup = {
    test: {
      name: "backup",
      environment: "node",
      include: ["test/node/backup.test.ts"],
      sequence: { groupOrder: 1 },
      testTimeout: 900_000,
      hookTimeout: 900_000,
    },
  };
  // The repository's own tools (the import-layering check), with no stack behind them.
  const tools = {
    test: { name: "tools", environment: "node", include: ["test/tools/**/*.test.ts"], testTimeout: 60_000 },
  };
  return { test: { projects: [workers, workersLimits, node, tools, backup] } };
});
