/** `/staff/tickets` (skeleton, being built). */
export default function TicketsSection() {
  return <h1>Tickets</h1>;
}
