import { Link } from "react-router";
import { Invoices } from "../billing/Invoices";
import { PaymentMethods } from "../billing/PaymentMethods";
import { SubscriptionPanel } from "../billing/SubscriptionPanel";
import "../billing/billing.css";

/** Account → billing: the subscription, the saved cards and the invoices. */
export default function BillingPage() {
  return (
    <main id="main" className="page billing-page">
      <p>
        <Link to="/account">Account</Link>
      </p>
      <h1>Billing</h1>
      <SubscriptionPanel />
      <PaymentMethods />
      <Invoices />
    </main>
  );
}
