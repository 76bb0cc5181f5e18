export default function SeriesTitle() {
  return (
    <main id="main" className="page">
      <h1>SeriesTitle</h1>
    </main>
  );
}
