export default function Notifications() {
  return (
    <main id="main" className="page">
      <h1>Notifications</h1>
    </main>
  );
}
