export default function Playlists() {
  return (
    <main id="main" className="page">
      <h1>Playlists</h1>
    </main>
  );
}
