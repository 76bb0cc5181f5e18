export default function SharedWithMe() {
  return (
    <main id="main" className="page">
      <h1>SharedWithMe</h1>
    </main>
  );
}
