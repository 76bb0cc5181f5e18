export default function LoyaltyPage() {
  return (
    <main className="page">
      <h1>Loyalty</h1>
    </main>
  );
}
