/**
 * The contract of the CatalogVersions Durable Object (durable-objects/catalog-versions.ts): the
 * version counters that name catalog cache entries, for one shard of the scopes (`movies`, `series`
 * and `search` for lists and search answers; `movie:<id>`, `series:<id>` for details; see cache.ts).
 * The class implements it; the catalog reaches the objects only through `catalogVersions`, a stub
 * typed by it.
 */
export interface CatalogVersionsRpc extends Rpc.DurableObjectBranded {
  /** The scope's current version, 0 before its first bump. A cached value is used only when stamped with exactly this. */
  version(scope: string): number;
  /** Moves each scope on by one, durably; called after a write's D1 transaction has committed, before it answers. */
  bump(scopes: string[]): void;
}

/** The CatalogVersions object of one shard (`shard-<n>`), typed by the contract. */
export function catalogVersions(env: Env, shard: number): DurableObjectStub<CatalogVersionsRpc> {
  return env.CATALOG_VERSIONS.get(env.CATALOG_VERSIONS.idFromName(`shard-${shard}`));
}
