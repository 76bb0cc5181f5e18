import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { fieldError } from "../components/Field";
import { Problem } from "../components/Problem";
import type { Me } from "./AccountDetails";
import { preferencesKey } from "./EmailPreferences";

export const phoneKey = ["me", "phone"];

type PhoneStatus = Awaited<ReturnType<typeof readPhone>>;
const readPhone = () => ok(api.me.phone.$get());

/**
 * The account's mobile number, for text messages: add it (a 6-digit code is sent to it), type the code, and it is
 * verified; or remove it. Text messages are only ever sent to a verified number, which stays in use while a new
 * number waits for its code.
 */
export function Phone({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [number, setNumber] = useState("");
  const [code, setCode] = useState("");
  // The form for a (new) number, instead of the verified number or the code waiting to be typed.
  const [choosing, setChoosing] = useState(false);
  const [said, setSaid] = useState("");
  const codeInput = useRef<HTMLInputElement>(null);
  const numberInput = useRef<HTMLInputElement>(null);
  const status = useRef<HTMLParagraphElement>(null);

  const phone = useQuery({ queryKey: phoneKey, queryFn: readPhone });
  const pending = choosing ? null : (phone.data?.pending ?? null);
  const verifiedNumber = phone.data ? phone.data.phone : me.phone;

  const refreshMe = () => queryClient.invalidateQueries({ queryKey: ["me"], exact: true });
  const sendCode = useMutation({
    mutationFn: (to: string) => ok(api.me.phone.$put({ json: { phone: to } })),
    onMutate: () => setSaid(""),
    onSuccess: (sent) => {
      queryClient.setQueryData<PhoneStatus>(phoneKey, (old) => old && { ...old, pending: sent });
      setChoosing(false);
      setCode("");
      verify.reset();
      setSaid(`We sent a 6-digit code to ${sent.phone}.`);
    },
  });
  const verify = useMutation({
    mutationFn: () => ok(api.me.phone.verify.$post({ json: { code: code.trim() } })),
    onSuccess: async (verified) => {
      queryClient.setQueryData(phoneKey, verified);
      setSaid(`${verified.phone} is verified.`);
      await refreshMe();
      status.current?.focus();
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(api.me.phone.$delete()),
    onMutate: () => setSaid(""),
    onSuccess: async () => {
      queryClient.setQueryData<PhoneStatus>(phoneKey, { phone: null, verified: false, verifiedAt: null, pending: null });
      setChoosing(false);
      setSaid("Your number is removed; no more text messages.");
      await Promise.all([refreshMe(), queryClient.invalidateQueries({ queryKey: preferencesKey })]);
      numberInput.current?.focus();
    },
  });

  const numberError = fieldError(sendCode.error, "phone");

  // Once a code is sent, the person types it next.
  useEffect(() => {
    if (pending) codeInput.current?.focus();
  }, [pending]);

  return (
    <section aria-labelledby="phone" className="account-section">
      <h2 id="phone">Mobile number</h2>
      <p className="hint">For text messages about your tickets, if you choose them below.</p>
      {phone.isError && <Problem error={phone.error} onRetry={() => phone.refetch()} />}
      {verifiedNumber && !pending && !choosing ? (
        <>
          <p>
            <strong>{verifiedNumber}</strong> <span className="tag">verified</span>
          </p>
          <div className="actions">
            <button type="button" onClick={() => setChoosing(true)}>
              Change number
            </button>
            <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
              {remove.isPending ? "Removing…" : "Remove number"}
            </button>
          </div>
          {remove.isError && <Problem error={remove.error} />}
        </>
      ) : pending ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            verify.mutate();
          }}
        >
          <div className="field">
            <label htmlFor="phone-code">Code from the text message</label>
            <input
              ref={codeInput}
              id="phone-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              aria-describedby="phone-code-hint"
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
            <small id="phone-code-hint" className="hint">
              Sent to {pending.phone}; it works for 10 minutes.
            </small>
          </div>
          {verify.isError && <Problem error={verify.error} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={verify.isPending || !/^\d{6}$/.test(code.trim())}>
              {verify.isPending ? "Verifying…" : "Verify"}
            </button>
            <button type="button" onClick={() => sendCode.mutate(pending.phone)} disabled={sendCode.isPending}>
              Send a new code
            </button>
            <button
              type="button"
              onClick={() => {
                setChoosing(true);
                verify.reset();
                setSaid("");
              }}
            >
              Use another number
            </button>
          </div>
          {sendCode.isError && <Problem error={sendCode.error} />}
        </form>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            sendCode.mutate(number.trim());
          }}
        >
          <div className="field">
            <label htmlFor="phone-number">Mobile number</label>
            <input
              ref={numberInput}
              id="phone-number"
              type="tel"
              autoComplete="tel"
              required
              maxLength={16}
              aria-invalid={numberError ? true : undefined}
              aria-describedby={numberError ? "phone-number-error phone-number-hint" : "phone-number-hint"}
              value={number}
              onChange={(event) => setNumber(event.target.value)}
            />
            <small id="phone-number-hint" className="hint">
              In international form, with the country code: +34 600 000 000 is written +34600000000.
            </small>
            {numberError && (
              <small id="phone-number-error" className="field-error">
                {numberError}
              </small>
            )}
          </div>
          {sendCode.isError && !numberError && <Problem error={sendCode.error} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={sendCode.isPending || !number.trim()}>
              {sendCode.isPending ? "Sending…" : "Send code"}
            </button>
            {choosing && (
              <button type="button" onClick={() => setChoosing(false)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
      <p ref={status} role="status" tabIndex={-1} className="hint">
        {said}
      </p>
    </section>
  );
}
