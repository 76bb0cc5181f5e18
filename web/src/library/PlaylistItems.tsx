import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { Problem } from "../components/Problem";
import { itemKind, itemPage, itemTitle } from "../lib/items";
import { moved, type PlaylistItem, useMoveItem, useRemoveItem } from "./playlist-items";

type Drop = { id: string; side: "before" | "after" };
/** What had the focus in the moved row: a move button, or the title's link. */
type FocusAfterMove = { id: string; control: "up" | "down" | "link" };

function Art({ item }: { item: PlaylistItem["item"] }) {
  return (
    <span className="playlist-item-art" aria-hidden="true">
      {item.posterUrl ? <img src={item.posterUrl} alt="" loading="lazy" /> : itemTitle(item).charAt(0).toUpperCase()}
    </span>
  );
}

/**
 * A playlist's items in order. The owner reorders them by dragging a row (HTML5 drag and drop),
 * or from the keyboard with each row's Move up / Move down buttons or Alt+↑ / Alt+↓ anywhere in
 * the row; every move is announced.
 */
export function PlaylistItems({ playlistId, items, editable }: { playlistId: string; items: PlaylistItem[]; editable: boolean }) {
  const move = useMoveItem(playlistId);
  const remove = useRemoveItem(playlistId);
  const [announcement, setAnnouncement] = useState("");
  const [dragging, setDragging] = useState<string | null>(null);
  const [drop, setDrop] = useState<Drop | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const focusAfterMove = useRef<FocusAfterMove | null>(null);

  // A moved row is re-inserted in the document, which drops the focus: put it back on the same control
  // (or its twin, once the row reaches an end and that control is disabled).
  useEffect(() => {
    const wanted = focusAfterMove.current;
    if (!wanted || !list.current) return;
    const row = list.current.querySelector(`[data-item-id="${CSS.escape(wanted.id)}"]`);
    if (wanted.control === "link") row?.querySelector("a")?.focus();
    else {
      const control = row?.querySelector<HTMLButtonElement>(`[data-move="${wanted.control}"]`);
      const twin = row?.querySelector<HTMLButtonElement>(`[data-move="${wanted.control === "up" ? "down" : "up"}"]`);
      (control && !control.disabled ? control : twin)?.focus();
    }
    focusAfterMove.current = null;
  });

  const moveTo = (item: PlaylistItem, to: number, control?: FocusAfterMove["control"]) => {
    const from = items.findIndex((i) => i.id === item.id);
    const position = moved(items, from, to).findIndex((i) => i.id === item.id);
    if (from < 0 || position === from) return;
    if (control) focusAfterMove.current = { id: item.id, control };
    move.mutate({ itemId: item.id, position });
    setAnnouncement(`Moved ${itemTitle(item.item)} to position ${position + 1} of ${items.length}.`);
  };

  const onDrop = (target: PlaylistItem, side: Drop["side"]) => {
    const dragged = items.find((i) => i.id === dragging);
    setDragging(null);
    setDrop(null);
    if (!dragged || dragged.id === target.id) return;
    const from = items.indexOf(dragged);
    let to = items.indexOf(target) + (side === "after" ? 1 : 0);
    if (from < to) to -= 1;
    moveTo(dragged, to);
  };

  return (
    <>
      {editable && (
        <p className="hint" id="reorder-help">
          Drag a title to reorder, or use Move up and Move down (Alt+↑ and Alt+↓ also work within a row).
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {(move.isError || remove.isError) && <Problem error={move.error ?? remove.error} />}
      <ol className="playlist-items" ref={list} aria-label="Items in this playlist">
        {items.map((entry, index) => {
          const title = itemTitle(entry.item);
          return (
            <li
              key={entry.id}
              className="playlist-item"
              data-item-id={entry.id}
              data-dragging={dragging === entry.id || undefined}
              data-drop={drop?.id === entry.id ? drop.side : undefined}
              draggable={editable}
              onDragStart={(event) => {
                event.dataTransfer.effectAllowed = "move";
                event.dataTransfer.setData("text/plain", entry.id);
                setDragging(entry.id);
              }}
              onDragEnd={() => {
                setDragging(null);
                setDrop(null);
              }}
              onDragOver={(event) => {
                if (!dragging) return;
                event.preventDefault();
                const box = event.currentTarget.getBoundingClientRect();
                const side = event.clientY < box.top + box.height / 2 ? "before" : "after";
                if (drop?.id !== entry.id || drop.side !== side) setDrop({ id: entry.id, side });
              }}
              onDrop={(event) => {
                event.preventDefault();
                onDrop(entry, drop?.id === entry.id ? drop.side : "before");
              }}
              onKeyDown={(event) => {
                if (!editable || !event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
                event.preventDefault();
                const up = event.key === "ArrowUp";
                const focused = document.activeElement;
                const onMove = focused instanceof HTMLElement ? focused.dataset.move : undefined;
                const control =
                  onMove === "up" || onMove === "down" ? onMove : focused?.tagName === "A" ? "link" : up ? "up" : "down";
                moveTo(entry, index + (up ? -1 : 1), control);
              }}
            >
              {editable ? (
                <span className="playlist-item-handle" aria-hidden="true" title="Drag to reorder">
                  ⠿
                </span>
              ) : (
                <span className="playlist-item-handle">{index + 1}</span>
              )}
              <Art item={entry.item} />
              <div className="playlist-item-body">
                <span className="playlist-item-title">
                  <Link to={itemPage(entry.item)}>{title}</Link>
                  <small>{itemKind(entry.item)}</small>
                </span>
                {editable && (
                  <div className="actions">
                    <button
                      type="button"
                      data-move="up"
                      aria-label={`Move up: ${title}`}
                      aria-keyshortcuts="Alt+ArrowUp"
                      aria-describedby="reorder-help"
                      disabled={index === 0}
                      onClick={() => moveTo(entry, index - 1, "up")}
                    >
                      Move up
                    </button>
                    <button
                      type="button"
                      data-move="down"
                      aria-label={`Move down: ${title}`}
                      aria-keyshortcuts="Alt+ArrowDown"
                      aria-describedby="reorder-help"
                      disabled={index === items.length - 1}
                      onClick={() => moveTo(entry, index + 1, "down")}
                    >
                      Move down
                    </button>
                    <button
                      type="button"
                      aria-label={`Remove from playlist: ${title}`}
                      disabled={remove.isPending && remove.variables === entry.id}
                      onClick={() =>
                        remove.mutate(entry.id, { onSuccess: () => setAnnouncement(`Removed ${title} from the playlist.`) })
                      }
                    >
                      Remove
                    </button>
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}
