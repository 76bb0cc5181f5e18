export default function Account() {
  return (
    <main id="main" className="page">
      <h1>Account</h1>
    </main>
  );
}
