export default function Home() {
  return (
    <main id="main" className="page">
      <h1>Home</h1>
    </main>
  );
}
