/** "Load more" for a paged list; at the end of the list it is simply gone. */
export function LoadMore({ hasMore, loading, onMore }: { hasMore: boolean; loading: boolean; onMore: () => void }) {
  if (!hasMore) return null;
  return (
    <p className="actions">
      <button type="button" onClick={onMore} disabled={loading}>
        {loading ? "Loading…" : "Load more"}
      </button>
    </p>
  );
}
