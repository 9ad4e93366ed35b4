/**
 * Window arithmetic for a virtual list of fixed-height rows: which rows to render for a scroll
 * position, and where. Pure, so it runs the same for 10 rows and for 10 million.
 */

/**
 * The tallest scroll area we ask for. Browsers cap element heights (Firefox near 17.9 million
 * px, Chromium and WebKit near 33.5 million); past this, scroll positions are mapped onto the
 * list proportionally instead, so a list of any length still reaches its last row.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface WindowInput {
  readonly total: number;
  readonly rowHeight: number;
  readonly scrollTop: number;
  /** Height of the visible part of the scroll container. */
  readonly viewport: number;
  /** Rows rendered beyond each edge, so fast scrolling and Tab land on real rows. */
  readonly overscan: number;
}

export interface VirtualWindow {
  /** First row to render. */
  readonly start: number;
  /** One past the last row to render. */
  readonly end: number;
  /** Height of the scroll area in px. */
  readonly height: number;
  /** Offset of the list's virtual coordinates from the scroll area's (0 unless scaled). */
  readonly shift: number;
}

export function virtualWindow(input: WindowInput): VirtualWindow {
  const { total, rowHeight, viewport, overscan } = input;
  const full = total * rowHeight;
  const height = Math.min(full, MAX_SCROLL_HEIGHT);
  const scrollTop = Math.max(0, Math.min(input.scrollTop, Math.max(0, height - viewport)));
  // Scaled only when the list is taller than the cap: map [0, height - viewport] onto
  // [0, full - viewport]; rows keep their real height around the viewport.
  const room = height - viewport;
  const virtualTop = full > height && room > 0 ? (scrollTop * (full - viewport)) / room : scrollTop;
  const start = Math.max(0, Math.floor(virtualTop / rowHeight) - overscan);
  const end = Math.min(total, Math.ceil((virtualTop + viewport) / rowHeight) + overscan);
  return { start, end, height, shift: scrollTop - virtualTop };
}

/** Where row `index` sits in the scroll area. */
export function rowTop(win: VirtualWindow, index: number, rowHeight: number): number {
  return index * rowHeight + win.shift;
}
