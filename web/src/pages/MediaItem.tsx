export default function MediaItem() {
  return (
    <main id="main" className="page">
      <h1>MediaItem</h1>
    </main>
  );
}
