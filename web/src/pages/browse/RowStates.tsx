import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Problem, Skeleton } from "../../components/Problem";
import { Row } from "../../components/Row";

/**
 * A row fed by one query: a skeleton while it loads, the API's problem with a retry, the cards,
 * or `empty` (nothing at all when no `empty` is given: a home page hides rows with nothing in them).
 */
export function QueryRow<T>({
  title,
  description,
  query,
  cards,
  empty,
}: {
  title: string;
  description?: ReactNode;
  query: UseQueryResult<T>;
  cards: (data: T) => ReactNode[];
  empty?: ReactNode;
}) {
  if (query.isPending) {
    return (
      <section className="row" aria-label={title}>
        <h2>{title}</h2>
        <Skeleton rows={2} label={`Loading ${title}`} />
      </section>
    );
  }
  if (query.isError) {
    return (
      <section className="row" aria-label={title}>
        <h2>{title}</h2>
        <Problem error={query.error} onRetry={() => query.refetch()} />
      </section>
    );
  }
  const list = cards(query.data);
  if (list.length === 0) {
    return empty ? (
      <section className="row" aria-label={title}>
        <h2>{title}</h2>
        <p className="hint">{empty}</p>
      </section>
    ) : null;
  }
  return (
    <Row title={title} description={description}>
      {list}
    </Row>
  );
}
