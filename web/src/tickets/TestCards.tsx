import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { keys } from "./queries";

/** The simulated provider's well-known cards, grouped as printed; the API lists them in development only (404 elsewhere). */
export function TestCards({ onUse }: { onUse: (number: string) => void }) {
  const cards = useQuery({
    queryKey: keys.testCards,
    queryFn: () => ok(api.payments["test-cards"].$get()),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!cards.data || cards.data.items.length === 0) return null;
  return (
    <details className="test-cards">
      <summary>Test cards (development)</summary>
      <p className="hint">Any future expiry and any 3 digits for the code.</p>
      <ul>
        {cards.data.items.map((card) => (
          <li key={card.number}>
            <span>
              <span className="card-number">{card.number}</span> — {card.description}
            </span>
            <button type="button" className="link-button" onClick={() => onUse(card.number)}>
              Use<span className="visually-hidden"> {card.number}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
