import { Navigate, Route, Routes } from "react-router";
import { AdminsOnly } from "../users/AdminsOnly";
import { AuditLog } from "./AuditLog";
import { ErrorLog } from "./ErrorLog";
import { SectionTabs } from "./SectionTabs";
import { Summary } from "./Summary";
import "./ops.css";

const panes = [
  { path: "summary", label: "Summary" },
  { path: "audit", label: "Audit log" },
  { path: "errors", label: "Error log" },
];

/** `/staff/operations/*` (admins): the system summary, the audit log and the error log. */
export default function OperationsSection() {
  return (
    <AdminsOnly heading="Operations">
      <h1>Operations</h1>
      <SectionTabs label="Operations" base="/staff/operations" panes={panes} />
      <Routes>
        <Route index element={<Navigate to="summary" replace />} />
        <Route path="summary" element={<Summary />} />
        <Route path="audit" element={<AuditLog />} />
        <Route path="errors" element={<ErrorLog />} />
      </Routes>
    </AdminsOnly>
  );
}
