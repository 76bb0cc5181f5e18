import { DurableObject } from "cloudflare:workers";
import type { CatalogVersionsRpc } from "../workers/catalog/versions.contract";

/**
 * The version counters that name catalog cache entries, for one shard of the scopes (the contract:
 * workers/catalog/versions.contract.ts). A catalog write bumps the scopes it touched after its D1
 * transaction commits (workers/catalog/catalog.writes.ts); a cached read asks for the current
 * version and only uses an entry stamped with it. Counters live in memory in front of this
 * object's SQLite, so a read is one RPC with no I/O behind it.
 */
export class CatalogVersions extends DurableObject<Env> implements CatalogVersionsRpc {
  private readonly sql: SqlStorage;
  private readonly known = new Map<string, number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS versions (scope TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  }

  version(scope: string): number {
    let version = this.known.get(scope);
    if (version === undefined) {
      const [row] = this.sql.exec<{ version: number }>("SELECT version FROM versions WHERE scope = ?", scope).toArray();
      version = row?.version ?? 0;
      this.known.set(scope, version);
    }
    return version;
  }

  bump(scopes: string[]): void {
    for (const scope of new Set(scopes)) {
      const [row] = this.sql
        .exec<{ version: number }>(
          "INSERT INTO versions (scope, version) VALUES (?, 1) ON CONFLICT(scope) DO UPDATE SET version = version + 1 RETURNING version",
          scope,
        )
        .toArray();
      this.known.set(scope, row.version);
    }
  }
}
