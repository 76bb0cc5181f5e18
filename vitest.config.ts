import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  const workers = {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
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
          },
        },
      })),
    ],
    test: {
      name: "workers",
      silent: "passed-only" as const,
      globalSetup: ["./test/global-setup.ts", "./test/media-global-setup.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      include: ["workers/**/*.test.ts", "durable-objects/**/*.test.ts"],
    },
  };
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
      testTimeout: 120_000,
      hookTimeout: 300_000,
    },
  };
  // The repository's own tools (the import-layering check), with no stack behind them.
  const tools = {
    test: { name: "tools", environment: "node", include: ["test/tools/**/*.test.ts"], testTimeout: 60_000 },
  };
  return { test: { projects: [workers, node, tools] } };
});
