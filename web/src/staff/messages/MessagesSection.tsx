import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { Problem } from "../../components/Problem";
import { ConfirmDialog } from "../moderation/ConfirmDialog";
import { AdminsOnly } from "../users/AdminsOnly";
import { AudiencePicker } from "./AudiencePicker";
import { type Audience, sendEmail } from "./queries";
import "./messages.css";

const people = (count: number) => `${count} ${count === 1 ? "person" : "people"}`;

/** Subject and body as the form has them; says what is missing, in the words the fields show. */
function mistakesOf(audience: Audience | null, subject: string, body: string) {
  return {
    audience: audience ? "" : "Choose who gets the message.",
    subject: subject.trim() ? (subject.trim().length > 150 ? "Keep the subject to 150 characters." : "") : "Write a subject.",
    body: body.trim() ? "" : "Write the message.",
  };
}

/** `/staff/messages` (admins): an email to one person or a segment, counted first (dry run), sent after a confirmation. */
function Compose() {
  const id = useId();
  const [audience, setAudience] = useState<Audience | null>(null);
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [showMistakes, setShowMistakes] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState("");
  const resultRef = useRef<HTMLParagraphElement>(null);
  const mistakes = mistakesOf(audience, subject, body);
  const valid = !mistakes.audience && !mistakes.subject && !mistakes.body;
  const message = audience ? { audience, subject: subject.trim(), body: body.trim() } : null;

  const preview = useMutation({
    mutationFn: () => (message ? sendEmail(message, true) : Promise.reject(new Error(mistakes.audience))),
  });
  const send = useMutation({
    mutationFn: () => (message ? sendEmail(message, false) : Promise.reject(new Error(mistakes.audience))),
    onSuccess: (sent) => {
      setConfirming(false);
      preview.reset();
      setResult(
        `Sent: ${sent.queued} ${sent.queued === 1 ? "email" : "emails"} queued; ${sent.skipped} skipped (opted out of announcements).`,
      );
      resultRef.current?.focus();
    },
  });
  // A count only stands for the audience it was made for: a new audience resets it (below).
  const counted = preview.data;

  const check = () => {
    setShowMistakes(true);
    setResult("");
    return valid;
  };
  const error = (field: keyof typeof mistakes) =>
    showMistakes && mistakes[field] ? (
      <small id={`${id}-${field}-error`} className="field-error">
        {mistakes[field]}
      </small>
    ) : null;

  return (
    <>
      <h1>Messages</h1>
      <p className="hint">
        An email through the notification outbox. People who turned announcements off in their account are skipped.
      </p>
      <form
        className="compose panel staff-panel"
        aria-labelledby={`${id}-h`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (check()) preview.mutate(undefined, { onSuccess: () => setConfirming(true) });
        }}
      >
        <h2 id={`${id}-h`}>New email</h2>
        <AudiencePicker
          onChange={(next) => {
            setAudience(next);
            preview.reset();
          }}
        />
        {error("audience")}
        <div className="field">
          <label htmlFor={`${id}-subject`}>Subject</label>
          <input
            id={`${id}-subject`}
            value={subject}
            maxLength={150}
            onChange={(event) => setSubject(event.target.value)}
            aria-invalid={showMistakes && !!mistakes.subject}
            aria-describedby={showMistakes && mistakes.subject ? `${id}-subject-error` : undefined}
          />
          {error("subject")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-body`}>Message</label>
          <textarea
            id={`${id}-body`}
            rows={8}
            maxLength={5000}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            aria-invalid={showMistakes && !!mistakes.body}
            aria-describedby={`${id}-body-hint${showMistakes && mistakes.body ? ` ${id}-body-error` : ""}`}
          />
          <small id={`${id}-body-hint`} className="hint">
            Plain text, up to 5000 characters.
          </small>
          {error("body")}
        </div>
        <p role="status" className="audience-count">
          {preview.isPending
            ? "Counting recipients…"
            : counted
              ? `${people(counted.recipients)} will get this email; ${counted.skipped} opted out.`
              : ""}
        </p>
        {preview.isError && <Problem error={preview.error} />}
        <div className="actions">
          <button
            type="button"
            disabled={preview.isPending}
            onClick={() => {
              if (!mistakes.audience) {
                setResult("");
                preview.mutate();
              } else check();
            }}
          >
            Preview recipients
          </button>
          <button type="submit" className="primary" disabled={preview.isPending || send.isPending}>
            Send…
          </button>
        </div>
      </form>
      <p ref={resultRef} tabIndex={-1} role="status" className="send-result">
        {result}
      </p>
      {/* Mounted only while asking: a closed dialog would still be named "Send to 0 people?" for assistive tech. */}
      {confirming && (
        <ConfirmDialog
          open
          title={`Send to ${people(preview.data?.recipients ?? 0)}?`}
          confirmLabel="Send email"
          busy={send.isPending}
          error={send.isError ? send.error : undefined}
          onCancel={() => setConfirming(false)}
          onConfirm={() => send.mutate()}
        >
          <p>
            “{subject.trim()}” goes to {people(preview.data?.recipients ?? 0)} now
            {preview.data?.skipped ? `; ${preview.data.skipped} opted out and are skipped` : ""}. It cannot be called back.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** `/staff/messages/*` (admins). */
export default function MessagesSection() {
  return (
    <AdminsOnly heading="Messages">
      <Compose />
    </AdminsOnly>
  );
}
