const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes user text for an HTML context, so it is shown, never executed.
 * @example escapeHtml("<b>hi</b>") // "&lt;b&gt;hi&lt;/b&gt;"
 */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => entities[ch]);
