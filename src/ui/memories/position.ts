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

/**
 * Sets `data-cut` while the element's content is wider than the element, so a fade at its edge
 * shows only when something is actually cut off (a fade on tags that fit looks like a bug).
 */
export const markCut: Attachment<HTMLElement> = (element) => {
  const update = (): void => {
    element.toggleAttribute('data-cut', element.scrollWidth > element.clientWidth + 1);
  };
  const observer = new ResizeObserver(update);
  observer.observe(element);
  for (const child of element.children) observer.observe(child);
  update();
  return () => observer.disconnect();
};

/**
 * Makes a scroll container exactly as tall as the rest of the screen: the page around it then
 * fits the viewport and never scrolls too, so there is one scroll container, not a list that
 * scrolls inside a page that scrolls. `minPx` keeps it usable on very short screens, where the
 * page does scroll.
 */
export function fillViewport(minPx: number): Attachment<HTMLElement> {
  return (element) => {
    const update = (): void => {
      const root = document.documentElement;
      const top = element.getBoundingClientRect().top + window.scrollY;
      // Tallest first, then give back whatever that pushed below the fold (the page's padding,
      // a bar): two synchronous layouts, no guessing of what sits below.
      const tallest = Math.max(minPx, Math.floor(root.clientHeight - top));
      element.style.height = `${tallest}px`;
      const overflow = Math.max(0, root.scrollHeight - root.clientHeight);
      element.style.height = `${Math.max(minPx, tallest - overflow)}px`;
    };
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    window.addEventListener('resize', update);
    update();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
    };
  };
}
