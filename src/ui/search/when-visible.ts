/**
 * Calls `onvisible` whenever the element scrolls into view (and at once if it is in view):
 * the end of a list asking for its next page.
 */
import type { Attachment } from 'svelte/attachments';

export function whenVisible(onvisible: () => void): Attachment<HTMLElement> {
  return (element) => {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onvisible();
    });
    observer.observe(element);
    return () => observer.disconnect();
  };
}
