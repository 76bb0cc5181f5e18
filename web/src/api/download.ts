import { ApiError, ok } from "./problem";

/**
 * Saves what an API call answers as a file, under the name its Content-Disposition gives (else
 * `fallbackName`). Downloads need the bearer token, so they are fetched through the typed client and
 * handed to the browser as a Blob URL by a temporary link. A refusal throws the problem's detail.
 * @example await saveDownload(() => api.invoices[":id"].pdf.$get({ param: { id } }), "INV-2026-000001.pdf")
 */
export async function saveDownload(call: () => Promise<unknown>, fallbackName: string) {
  let res: Response;
  try {
    res = (await call()) as Response;
  } catch {
    throw new ApiError(0, "Marquee cannot be reached. Check your connection and try again.");
  }
  if (!res.ok) await ok(Promise.resolve(res)); // throws the problem+json detail
  const named = /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "")?.[1];
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = named ?? fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the click; the blob can go once the browser has taken it.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
