export default function Search() {
  return (
    <main id="main" className="page">
      <h1>Search</h1>
    </main>
  );
}
