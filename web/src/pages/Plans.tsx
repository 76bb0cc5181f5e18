export default function PlansPage() {
  return (
    <main className="page">
      <h1>Plans</h1>
    </main>
  );
}
