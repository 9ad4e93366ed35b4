/**
 * The app, as components receive it: `main.ts` mounts the shell with the composition root's app
 * (src/app/app.ts) in its context, and any component takes what it needs, e.g.
 * `const { i18n, capture } = getAppContext();` (the shadcn-svelte pattern, in place of module
 * singletons). Mount-time context rather than a prop of App.svelte: the app never changes, and
 * a prop would be read as if it could.
 */
import { getContext, hasContext } from 'svelte';
import type { App } from '../app/app.ts';

const KEY = Symbol('kiana-app');

/** The context `mount(App, { target, context: appContext(app) })` starts the tree with. */
export function appContext(app: App): Map<symbol, App> {
  return new Map([[KEY, app]]);
}

/** The app; call while a component initialises. Throws outside a tree mounted with it. */
export function getAppContext(): App {
  if (!hasContext(KEY)) throw new Error('getAppContext: mount the shell with appContext(app)');
  return getContext<App>(KEY);
}
