// PLACEHOLDER (this session): replaced by the page itself before the session ends.
export default function Placeholder() {
  return (
    <main id="main" className="page">
      <h1>Checkout</h1>
    </main>
  );
}
