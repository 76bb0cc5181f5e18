import { api } from "../api/client";
import { ApiError, ok } from "../api/problem";

/**
 * Saves an invoice's PDF under the name the API gives it (`<number>.pdf`). The PDF needs the bearer
 * token, so it is fetched through the typed client and handed to the browser as a Blob URL by a
 * temporary link. The staff console's invoice page uses it too.
 */
export async function downloadInvoicePdf(invoice: { id: string; number: string }) {
  let res: Response;
  try {
    res = (await api.invoices[":id"].pdf.$get({ param: { id: invoice.id } })) as unknown as Response;
  } catch {
    throw new ApiError(0, "Marquee cannot be reached. Check your connection and try again.");
  }
  if (!res.ok) await ok(Promise.resolve(res)); // throws the problem+json detail
  const named = /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "")?.[1];
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = named ?? `${invoice.number}.pdf`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the click; the blob can go once the browser has taken it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
