import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
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
            GOOGLE_JWKS_URL: inject<string>("jwksUrl"),
            GOOGLE_TEST_PRIVATE_JWK: inject<string>("googlePrivateJwk"),
          },
        },
      })),
    ],
    test: {
      silent: "passed-only" as const,
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      include: ["workers/**/*.test.ts", "durable-objects/**/*.test.ts"],
    },
  };
});
