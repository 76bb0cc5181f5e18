export default function MovieTitle() {
  return (
    <main id="main" className="page">
      <h1>MovieTitle</h1>
    </main>
  );
}
