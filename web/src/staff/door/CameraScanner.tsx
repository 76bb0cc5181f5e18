import { useEffect, useRef, useState } from "react";

/** The parts of the Barcode Detection API used here (not yet in TypeScript's DOM types). */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorClass = new (options?: { formats: string[] }) => BarcodeDetectorLike;

const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;

/** True where the browser can read QR codes itself (Chrome on Android, ChromeOS, macOS…). */
export const canScan = Detector !== undefined && typeof navigator.mediaDevices?.getUserMedia === "function";

/** The same code seen again within this long is one scan, not two. */
const REPEAT_MS = 5_000;
const SCAN_EVERY_MS = 200;

/**
 * The camera's picture with a QR detection loop: each new code goes to `onCode`. Runs while
 * mounted and not `paused`; leaving the page stops the camera.
 */
export function CameraScanner({ onCode, paused }: { onCode: (code: string) => void; paused: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const latest = useRef({ onCode, paused });
  latest.current = { onCode, paused };

  useEffect(() => {
    if (!Detector) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let last = { code: "", at: 0 };
    const detector = new Detector({ formats: ["qr_code"] });

    const scan = async () => {
      const element = video.current;
      if (stopped || !element) return;
      if (!latest.current.paused && element.readyState >= 2) {
        try {
          const [found] = await detector.detect(element);
          const code = found?.rawValue.trim();
          if (code && !stopped && (code !== last.code || Date.now() - last.at > REPEAT_MS)) {
            last = { code, at: Date.now() };
            latest.current.onCode(code);
          }
        } catch {
          // A frame the detector could not read: the next one may.
        }
      }
      if (!stopped) timer = setTimeout(scan, SCAN_EVERY_MS);
    };

    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(async (media) => {
        stream = media;
        if (stopped || !video.current) return;
        video.current.srcObject = media;
        await video.current.play();
        setReady(true);
        void scan();
      })
      .catch((error: unknown) => {
        if (stopped) return;
        const name = error instanceof DOMException ? error.name : "";
        setProblem(
          name === "NotAllowedError"
            ? "The camera is not allowed for this site. Allow it in the browser's settings, or type the code."
            : name === "NotFoundError"
              ? "No camera was found. Type the code instead."
              : "The camera could not be started. Type the code instead.",
        );
      });

    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  return (
    <div className="door-camera">
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : (
        <p className="hint" role="status">
          {ready ? "Hold the ticket's QR code in front of the camera." : "Starting the camera…"}
        </p>
      )}
      <video ref={video} muted playsInline aria-label="Camera picture for scanning ticket QR codes" />
    </div>
  );
}
