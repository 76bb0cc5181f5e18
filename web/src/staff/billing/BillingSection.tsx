export default function BillingSection() {
  return <h2>Billing</h2>;
}
