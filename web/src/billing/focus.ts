import { useEffect, useRef } from "react";

/**
 * A ref whose element takes the focus when it appears: the button that opened a form or a
 * confirmation is gone from the page, so the keyboard (and a screen reader) follows into it.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
