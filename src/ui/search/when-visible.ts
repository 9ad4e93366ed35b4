/**
 * Calls `onvisible` whenever the element scrolls into view (and at once if it is in view):
 * the end of a list asking for its next page. An observer reports changes only, so the caller
 * passes `key` (e.g. how many hits are loaded, whether a load runs): a new key makes a new
 * observer, whose first report says whether the end is still in view after a page arrived or
 * a load was cancelled.
 */
import type { Attachment } from 'svelte/attachments';

// `_key` is never read: passing a new one is what re-creates the observer.
export function whenVisible(_key: unknown, onvisible: () => void): Attachment<HTMLElement> {
  return (element) => {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onvisible();
    });
    observer.observe(element);
    return () => observer.disconnect();
  };
}
