// PLACEHOLDER (this session): replaced by the page itself before the session ends.
export default function Placeholder() {
  return (
    <section>
      <h1>Check-in</h1>
    </section>
  );
}
