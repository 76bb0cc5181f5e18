/**
 * The public URL of a stored artwork object, or null. The catalog stores artwork in R2 under
 * `artwork/<sha256>.<ext>` and serves it at `/api/artwork/<sha256>.<ext>` (catalog/artwork.index.ts);
 * every domain that shows a poster or photo builds its URL here.
 * @example artworkUrl("artwork/3f0a….jpg") // "/api/artwork/3f0a….jpg"
 */
export const artworkUrl = (key: string | null | undefined) => (key ? `/api/artwork/${key.slice("artwork/".length)}` : null);
