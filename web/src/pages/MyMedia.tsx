export default function MyMedia() {
  return (
    <main id="main" className="page">
      <h1>MyMedia</h1>
    </main>
  );
}
