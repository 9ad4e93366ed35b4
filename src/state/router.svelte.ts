/**
 * Hash routing (`#/capture`, `#/settings`, ...): works from any static server and from the
 * service worker's single cached `index.html`, with no server-side routes to configure.
 */
export const ROUTES = ['capture', 'search', 'memories', 'devices', 'messages', 'settings'] as const;
export type Route = (typeof ROUTES)[number];
export const DEFAULT_ROUTE: Route = 'capture';

function isRoute(value: string): value is Route {
  return (ROUTES as readonly string[]).includes(value);
}

/**
 * The route a hash names; `null` for hashes that are not routes (e.g. `#main` from an in-page
 * link), which leave the current view alone.
 */
export function parseHash(hash: string): Route | null {
  if (hash === '' || hash === '#' || hash === '#/') return DEFAULT_ROUTE;
  if (!hash.startsWith('#/')) return null;
  const name = hash.slice(2).split(/[/?]/)[0] ?? '';
  return isRoute(name) ? name : DEFAULT_ROUTE;
}

export function href(route: Route): string {
  return `#/${route}`;
}

export class Router {
  route = $state<Route>(DEFAULT_ROUTE);
  /** Counts in-app navigations, so the shell moves focus on navigation but not on first load. */
  navigations = $state(0);

  constructor() {
    if (typeof window === 'undefined') return;
    this.route = parseHash(window.location.hash) ?? DEFAULT_ROUTE;
    // The router lives as long as the page, so the listener is never removed.
    window.addEventListener('hashchange', () => {
      const next = parseHash(window.location.hash);
      if (next === null || next === this.route) return;
      this.route = next;
      this.navigations++;
    });
  }

  /** Navigates in code (links use `href()` and need no call). */
  go(route: Route): void {
    window.location.hash = href(route);
  }
}
