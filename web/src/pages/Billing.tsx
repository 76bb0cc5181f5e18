export default function BillingPage() {
  return (
    <main className="page">
      <h1>Billing</h1>
    </main>
  );
}
