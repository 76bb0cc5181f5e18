export default function History() {
  return (
    <main id="main" className="page">
      <h1>History</h1>
    </main>
  );
}
