/**
 * Attachments that position elements through the CSSOM (`element.style.…`). The app's CSP has no
 * 'unsafe-inline' for styles, which blocks `style="…"` attributes but not CSSOM writes.
 */
import type { Attachment } from 'svelte/attachments';

/** Moves the element down by `px` (a virtual list row). */
export function translateY(px: number): Attachment<HTMLElement> {
  return (element) => {
    element.style.transform = `translateY(${px}px)`;
  };
}

/** Sets the element's height in px (a virtual list's scroll area, its rows). */
export function heightPx(px: number): Attachment<HTMLElement> {
  return (element) => {
    element.style.height = `${px}px`;
  };
}
