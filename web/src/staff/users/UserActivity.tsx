import { type QueryKey, useInfiniteQuery } from "@tanstack/react-query";
import { type KeyboardEvent, type ReactNode, useId, useRef, useState } from "react";
import { Skeleton } from "../../components/Problem";
import { money, when } from "../../lib/format";
import { DataTable } from "../DataTable";
import { LoadMore } from "../LoadMore";
import { decodeEntities } from "../reviews/queries";
import { TicketRow } from "../tickets/TicketRow";
import { activityKeys, type UserPayment, userPayments, userReviews, userTickets } from "./activity-queries";
import { leftOf, RefundPayment } from "./RefundPayment";

type Page<T> = { items: T[]; nextCursor: string | null };

/** One of the account's lists, a page at a time, with its loading, empty and error states. */
function PagedList<T>({
  queryKey,
  fetchPage,
  noun,
  render,
}: {
  queryKey: QueryKey;
  fetchPage: (cursor?: string) => Promise<Page<T>>;
  noun: [string, string];
  render: (items: T[]) => ReactNode;
}) {
  const list = useInfiniteQuery({
    queryKey,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  if (list.isPending) return <Skeleton rows={3} label={`Loading ${noun[1]}`} />;
  return (
    <>
      {items.length === 0 && !list.isError ? <p className="hint">No {noun[1]} yet.</p> : items.length > 0 && render(items)}
      <LoadMore list={list} label={`More ${noun[1]}`} className="more-accounts" />
    </>
  );
}

function Tickets({ userId }: { userId: string }) {
  return (
    <PagedList
      queryKey={activityKeys.tickets(userId)}
      fetchPage={(cursor) => userTickets(userId, cursor)}
      noun={["ticket", "tickets"]}
      render={(tickets) => (
        <DataTable
          label="Their tickets"
          className="user-activity-table"
          columns={["Ticket", "Showtime", "Seat", "Price", "Status"]}
        >
          {tickets.map((ticket) => (
            <TicketRow key={ticket.code} ticket={ticket} />
          ))}
        </DataTable>
      )}
    />
  );
}

const paymentStatusLabels: Record<string, string> = {
  processing: "Processing",
  succeeded: "Paid",
  failed: "Failed",
  refunded: "Refunded",
};

function Payments({ userId }: { userId: string }) {
  const [refunding, setRefunding] = useState<UserPayment | null>(null);
  const [said, setSaid] = useState("");
  const status = useRef<HTMLParagraphElement>(null);
  return (
    <>
      <p ref={status} role="status" tabIndex={-1}>
        {said}
      </p>
      <PagedList
        queryKey={activityKeys.payments(userId)}
        fetchPage={(cursor) => userPayments(userId, cursor)}
        noun={["payment", "payments"]}
        render={(payments) => (
          <DataTable
            label="Their payments"
            className="user-activity-table"
            columns={[
              "Payment",
              "Date",
              "Amount",
              "Refunded",
              "Status",
              <span key="a" className="visually-hidden">
                Actions
              </span>,
            ]}
          >
            {payments.map((payment) => {
              const refundable = payment.orderId === null && payment.status === "succeeded" && leftOf(payment) > 0;
              return (
                <tr key={payment.id}>
                  <th scope="row">
                    {payment.description}
                    <span className="hint">
                      {" "}
                      {payment.card.brand} ·{payment.card.last4}
                      {payment.orderId && " · an order's payment"}
                    </span>
                  </th>
                  <td>
                    <time dateTime={payment.createdAt}>{when(payment.createdAt)}</time>
                  </td>
                  <td>{money(payment.amount, payment.currency)}</td>
                  <td>{payment.refundedCents ? money(payment.refundedCents, payment.currency) : "—"}</td>
                  <td>{paymentStatusLabels[payment.status] ?? payment.status}</td>
                  <td>
                    {refundable && (
                      <button
                        type="button"
                        aria-label={`Refund ${payment.description} of ${when(payment.createdAt)}`}
                        onClick={() => {
                          setSaid("");
                          setRefunding(payment);
                        }}
                      >
                        Refund
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      />
      <p className="hint">An order's payment is refunded through the order (its tickets are refunded with it).</p>
      {refunding && (
        <RefundPayment
          userId={userId}
          payment={refunding}
          onClose={() => setRefunding(null)}
          onDone={(message) => {
            setRefunding(null);
            setSaid(message);
            status.current?.focus();
          }}
        />
      )}
    </>
  );
}

function Reviews({ userId }: { userId: string }) {
  return (
    <PagedList
      queryKey={activityKeys.reviews(userId)}
      fetchPage={(cursor) => userReviews(userId, cursor)}
      noun={["review", "reviews"]}
      render={(reviews) => (
        <ul className="user-reviews">
          {reviews.map((review) => (
            <li key={review.id}>
              <p>
                <strong>{review.movieTitle}</strong>{" "}
                <span role="img" aria-label={`${review.rating} out of 5 stars`}>
                  {"★".repeat(review.rating)}
                  {"☆".repeat(5 - review.rating)}
                </span>{" "}
                <time className="hint" dateTime={review.createdAt}>
                  {when(review.createdAt)}
                </time>
              </p>
              {review.body && <p className="review-body">{decodeEntities(review.body)}</p>}
            </li>
          ))}
        </ul>
      )}
    />
  );
}

const tabs = [
  { key: "tickets", label: "Tickets", Panel: Tickets },
  { key: "payments", label: "Payments", Panel: Payments },
  { key: "reviews", label: "Reviews", Panel: Reviews },
] as const;

/** The account's tickets, payments (with refunds of standalone ones) and reviews, one tab at a time. */
export function UserActivity({ userId }: { userId: string }) {
  const id = useId();
  const [chosen, setChosen] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  // Arrow keys move between tabs (and choose them), as the ARIA tabs pattern has it.
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    const next =
      event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1 : step ? (chosen + step + tabs.length) % tabs.length : -1;
    if (next < 0) return;
    event.preventDefault();
    setChosen(next);
    buttons.current[next]?.focus();
  };
  const { Panel } = tabs[chosen];
  return (
    <section aria-labelledby={`${id}-h`} className="panel staff-panel user-activity">
      <h2 id={`${id}-h`}>Activity</h2>
      <div role="tablist" aria-labelledby={`${id}-h`} className="tabs" onKeyDown={onKeyDown}>
        {tabs.map((tab, index) => (
          <button
            key={tab.key}
            ref={(button) => {
              buttons.current[index] = button;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.key}`}
            aria-selected={index === chosen}
            aria-controls={`${id}-panel`}
            tabIndex={index === chosen ? 0 : -1}
            onClick={() => setChosen(index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tabs[chosen].key}`} className="tab-panel">
        <Panel userId={userId} />
      </div>
    </section>
  );
}
