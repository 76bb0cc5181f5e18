import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { seatName } from "../lib/format";
import { keys, okText } from "./queries";
import { savedQr, saveQr } from "./saved";

/** A ticket's QR never changes: the copy on the device is used first, so it shows offline too. */
async function fetchQr(code: string): Promise<string> {
  const saved = savedQr(code);
  if (saved) return saved;
  const svg = await okText(api.tickets[":code"]["qr.svg"].$get({ param: { code } }));
  saveQr(code, svg);
  return svg;
}

/**
 * The ticket's QR code, large, black on white with a quiet zone around it. The SVG comes
 * through the typed client (it needs the bearer token) and is shown as an image, never
 * inserted as markup.
 */
export function QrCode({ code, seat }: { code: string; seat: string }) {
  const qr = useQuery({ queryKey: keys.qr(code), queryFn: () => fetchQr(code), staleTime: Number.POSITIVE_INFINITY });
  const name = `QR code for ticket ${code}, ${seatName(seat)}`;
  return (
    <div className="qr">
      {qr.data ? (
        <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.data)}`} alt={name} width={256} height={256} />
      ) : qr.isError ? (
        <p className="qr-missing">
          The QR code could not be loaded. At the door, give the code: <strong>{code}</strong>{" "}
          <button type="button" onClick={() => void qr.refetch()}>
            Try again
          </button>
        </p>
      ) : (
        <p className="qr-missing" role="status">
          Loading the QR code…
        </p>
      )}
    </div>
  );
}
