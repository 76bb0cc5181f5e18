import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      GOOGLE_TEST_PRIVATE_JWK: string;
    }
  }
}
