import { api } from "../api/client";
import { saveDownload } from "../api/download";

/** Saves an invoice's PDF under the name the API gives it (`<number>.pdf`). The staff console's invoice page uses it too. */
export const downloadInvoicePdf = (invoice: { id: string; number: string }) =>
  saveDownload(() => api.invoices[":id"].pdf.$get({ param: { id: invoice.id } }), `${invoice.number}.pdf`);
