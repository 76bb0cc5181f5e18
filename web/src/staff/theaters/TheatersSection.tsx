// PLACEHOLDER (this session): replaced by the page itself before the session ends.
export default function Placeholder() {
  return (
    <section>
      <h1>Theaters</h1>
    </section>
  );
}
