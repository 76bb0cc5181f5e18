import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Field, fieldError } from "../components/Field";
import { Problem } from "../components/Problem";
import { keys, type Media } from "./queries";

/** The item's title and description, saved with one PATCH. */
export function EditDetails({ media }: { media: Media }) {
  const queryClient = useQueryClient();
  const descriptionId = useId();
  const [title, setTitle] = useState(media.title);
  const [description, setDescription] = useState(media.description ?? "");
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.media[":id"].$patch({
          param: { id: media.id },
          json: { title, description: description.trim() ? description : null },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.item(media.id), saved);
      return queryClient.invalidateQueries({ queryKey: keys.mine });
    },
  });
  const descriptionError = fieldError(save.error, "description");
  return (
    <section aria-labelledby="details-heading" className="panel">
      <h2 id="details-heading">Details</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Field
          label="Title"
          value={title}
          onChange={(event) => {
            setTitle(event.target.value);
            save.reset();
          }}
          required
          maxLength={200}
          error={fieldError(save.error, "title")}
        />
        <div className="field">
          <label htmlFor={descriptionId}>Description</label>
          <textarea
            id={descriptionId}
            value={description}
            rows={3}
            maxLength={5000}
            onChange={(event) => {
              setDescription(event.target.value);
              save.reset();
            }}
            aria-invalid={descriptionError ? true : undefined}
          />
          {descriptionError && <small className="field-error">{descriptionError}</small>}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save details"}
          </button>
        </div>
        {save.isError && !fieldError(save.error, "title") && !descriptionError && <Problem error={save.error} />}
        {save.isSuccess && (
          <p className="ok" role="status">
            Saved.
          </p>
        )}
      </form>
    </section>
  );
}
