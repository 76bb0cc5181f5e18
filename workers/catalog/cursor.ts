import { ApiError } from "../lib/errors";
import { decodeCursor } from "../lib/pagination";

export type After = [string | number, string];

/** The `[sortValue, id]` position a keyset cursor points after; undefined on the first page. */
export function afterPair(cursor: string | undefined): After | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  if (values.length !== 2 || typeof values[1] !== "string") {
    throw new ApiError("bad_request", "The cursor is not one this API handed out");
  }
  return [values[0], values[1]];
}
