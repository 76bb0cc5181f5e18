export default function Playlist() {
  return (
    <main id="main" className="page">
      <h1>Playlist</h1>
    </main>
  );
}
