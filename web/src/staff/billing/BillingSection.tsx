import { Navigate, NavLink, Route, Routes } from "react-router";
import { AdminsOnly } from "../users/AdminsOnly";
import { InvoicePage } from "./InvoicePage";
import { Invoices } from "./Invoices";
import { LoyaltyAdjust } from "./LoyaltyAdjust";
import { NewInvoice } from "./NewInvoice";
import { Plans } from "./Plans";
import { Rewards } from "./Rewards";
import "./billing.css";

const panes = [
  { path: "invoices", label: "Invoices" },
  { path: "plans", label: "Plans" },
  { path: "rewards", label: "Rewards" },
  { path: "loyalty", label: "Loyalty points" },
];

/** `/staff/billing/*` (admins): invoices and credit notes, plans, rewards and loyalty adjustments. */
export default function BillingSection() {
  return (
    <AdminsOnly heading="Billing">
      <h1>Billing</h1>
      <nav aria-label="Billing" className="billing-tabs">
        <ul>
          {panes.map((pane) => (
            <li key={pane.path}>
              <NavLink to={`/staff/billing/${pane.path}`}>{pane.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to="invoices" replace />} />
        <Route path="invoices" element={<Invoices />} />
        <Route path="invoices/new" element={<NewInvoice />} />
        <Route path="invoices/:id" element={<InvoicePage />} />
        <Route path="plans" element={<Plans />} />
        <Route path="rewards" element={<Rewards />} />
        <Route path="loyalty" element={<LoyaltyAdjust />} />
      </Routes>
    </AdminsOnly>
  );
}
