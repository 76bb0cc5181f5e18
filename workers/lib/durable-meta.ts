/**
 * Adds one to the counter `key` of a Durable Object's `meta (key, value)` table, starting at 1,
 * and answers its new value: one statement, so the increment is atomic within the object.
 */
export function incrementCounter(sql: SqlStorage, key: string): number {
  return sql
    .exec<{ value: number }>(
      "INSERT INTO meta (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value",
      key,
    )
    .one().value;
}
