export default function MyList() {
  return (
    <main id="main" className="page">
      <h1>MyList</h1>
    </main>
  );
}
