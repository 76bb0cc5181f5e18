/** `/staff/messages` (skeleton, being built). */
export default function MessagesSection() {
  return <h1>Messages</h1>;
}
