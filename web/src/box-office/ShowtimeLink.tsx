import { Link } from "react-router";
import { money } from "../lib/format";
import { timeOf } from "./days";
import { lowestPrice, type Showtime } from "./queries";

/** One showtime as a link to its seat picker: "19:30 · Screen 1 · from 10.00". */
export function ShowtimeLink({ showtime }: { showtime: Showtime }) {
  return (
    <Link className="showtime-link" to={`/showtimes/${showtime.id}`}>
      <time dateTime={showtime.startsAt} className="showtime-time">
        {timeOf(showtime.startsAt)}
      </time>{" "}
      <span className="showtime-theater">{showtime.theaterName}</span>{" "}
      <span className="showtime-price">from {money(lowestPrice(showtime))}</span>
    </Link>
  );
}
