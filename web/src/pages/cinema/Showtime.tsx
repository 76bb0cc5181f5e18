import { useParams } from "react-router";
import { SeatPicker } from "../../box-office/SeatPicker";

/** The seat picker of a showtime (/showtimes/:id). */
export default function Showtime() {
  const id = useParams().id ?? "";
  return <SeatPicker key={id} showtimeId={id} />;
}
