import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link, Route, Routes, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Field, fieldError } from "../../components/Field";
import { Problem, Skeleton } from "../../components/Problem";
import { DataTable } from "../DataTable";
import { LayoutEditor } from "./LayoutEditor";
import { blankLayout, type Cell, columnsOf, emptyRows, parseLayout, seatCount, serializeLayout } from "./layout";
import { fetchTheaters, theaterKeys } from "./queries";
import "./theaters.css";

/** `/staff/theaters/*`: the list, a new theater, one theater's layout. */
export default function TheatersSection() {
  return (
    <Routes>
      <Route index element={<TheaterList />} />
      <Route path="new" element={<TheaterEditor />} />
      <Route path=":id" element={<EditTheater />} />
    </Routes>
  );
}

function TheaterList() {
  const theaters = useQuery({ queryKey: theaterKeys.all, queryFn: fetchTheaters });
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <section aria-labelledby="theaters-heading">
      <h1 id="theaters-heading">Theaters</h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <p>
        <Link to="new" className="button primary">
          New theater
        </Link>
      </p>
      {theaters.isPending && <Skeleton rows={4} label="Loading theaters" />}
      {theaters.isError && <Problem error={theaters.error} onRetry={() => theaters.refetch()} />}
      {theaters.data?.length === 0 && <p>No theaters yet. Add the first one with New theater.</p>}
      {theaters.data && theaters.data.length > 0 && (
        <DataTable caption="Theaters" className="theater-table" columns={["Name", "Seats", "Rows"]}>
          {theaters.data.map((theater) => (
            <tr key={theater.id}>
              <th scope="row">
                <Link to={theater.id}>{theater.name}</Link>
              </th>
              <td>{theater.seatCount}</td>
              <td>{theater.layout.rows.length}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function EditTheater() {
  const { id = "" } = useParams();
  const theater = useQuery({ queryKey: theaterKeys.one(id), queryFn: () => ok(api.theaters[":id"].$get({ param: { id } })) });
  if (theater.isPending) return <Skeleton rows={6} label="Loading the theater" />;
  if (theater.isError)
    return (
      <section aria-labelledby="theater-heading">
        <h1 id="theater-heading">Theater</h1>
        <Problem error={theater.error} onRetry={() => theater.refetch()} />
        <p>
          <Link to="/staff/theaters">All theaters</Link>
        </p>
      </section>
    );
  return <TheaterEditor key={theater.data.id} theater={theater.data} />;
}

/** Pads rows to one width with aisles, so the editor is a rectangle (the API allows ragged rows). */
const rectangular = (grid: Cell[][]) => {
  const width = columnsOf(grid);
  return grid.map((row) => [...row, ...Array.from({ length: width - row.length }, () => "_" as Cell)]);
};

function TheaterEditor({ theater }: { theater?: { id: string; name: string; layout: { rows: string[] } } }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(theater?.name ?? "");
  const [grid, setGrid] = useState<Cell[][]>(() => (theater ? rectangular(parseLayout(theater.layout.rows)) : blankLayout()));
  const [layoutChanged, setLayoutChanged] = useState(false);
  const [saved, setSaved] = useState((useLocation().state as { notice?: string } | null)?.notice ?? "");
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // The focus follows the question: onto its answer when it opens, back to Delete theater when kept.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) deleteButton.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);

  const save = useMutation({
    mutationFn: async () => {
      const layout = serializeLayout(grid);
      if (!theater) return ok(api.theaters.$post({ json: { name: name.trim(), layout } }));
      return ok(
        api.theaters[":id"].$patch({
          param: { id: theater.id },
          // The layout only when it changed: a rename alone is never refused for showtimes using the map.
          json: { name: name.trim(), ...(layoutChanged ? { layout } : {}) },
        }),
      );
    },
    onSuccess: (result) => {
      queryClient.setQueryData(theaterKeys.one(result.id), result);
      void queryClient.invalidateQueries({ queryKey: theaterKeys.all });
      if (!theater) {
        navigate(`/staff/theaters/${result.id}`, {
          replace: true,
          state: { notice: `${result.name} was created. ${result.seatCount} seats.` },
        });
        return;
      }
      setLayoutChanged(false);
      setSaved(`Saved. ${result.seatCount} seats.`);
    },
  });

  const remove = useMutation({
    mutationFn: () => ok(api.theaters[":id"].$delete({ param: { id: theater?.id ?? "" } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: theaterKeys.one(theater?.id ?? "") });
      void queryClient.invalidateQueries({ queryKey: theaterKeys.all });
      navigate("/staff/theaters", { state: { notice: `${theater?.name} was deleted.` } });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved("");
    save.mutate();
  };

  const heading = theater ? theater.name : "New theater";
  return (
    <section aria-labelledby="theater-heading" className="theater-editor">
      <p>
        <Link to="/staff/theaters">All theaters</Link>
      </p>
      <h1 id="theater-heading">{heading}</h1>
      <form onSubmit={onSubmit}>
        <Field
          label="Name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={100}
          error={fieldError(save.error, "name")}
        />
        <h2>Layout</h2>
        <p className="hint">
          Rows are lettered A, B, C… from the screen, in the order they have here. The box office names rows by these letters
          only, so there is no row name to change. Seats are numbered from the left, aisles not counted.
        </p>
        <LayoutEditor
          grid={grid}
          onChange={(next) => {
            setGrid(next);
            setLayoutChanged(true);
            setSaved("");
          }}
        />
        {save.isError && <Problem error={save.error} />}
        <p role="status">{saved}</p>
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={save.isPending || emptyRows(grid).length > 0 || seatCount(grid) === 0}
          >
            {save.isPending ? "Saving…" : theater ? "Save changes" : "Create theater"}
          </button>
        </div>
      </form>

      {theater && (
        <section aria-labelledby="delete-theater-heading" className="danger-zone">
          <h2 id="delete-theater-heading">Delete theater</h2>
          {!confirming ? (
            <button ref={deleteButton} type="button" className="danger" onClick={() => setConfirming(true)}>
              Delete theater
            </button>
          ) : (
            <div className="confirm">
              <p id="delete-theater-question">Delete {theater.name} and its seat layout? This cannot be undone.</p>
              <div className="actions">
                <button
                  ref={confirmButton}
                  type="button"
                  className="danger"
                  onClick={() => remove.mutate()}
                  disabled={remove.isPending}
                >
                  Delete {theater.name}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setConfirming(false);
                    remove.reset();
                  }}
                >
                  Keep it
                </button>
              </div>
            </div>
          )}
          {remove.isError && <Problem error={remove.error} />}
        </section>
      )}
    </section>
  );
}
