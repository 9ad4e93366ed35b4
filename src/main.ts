import './app.css';
import { mount } from 'svelte';
import { createApp, startApp } from './app/app.ts';
import { installTestHooks } from './app/test-hooks.ts';
import { APP_BUILD, APP_VERSION } from './state/build-info.ts';
import App from './ui/App.svelte';
import { appContext } from './ui/context.ts';

// Before mount: creating the app applies the mirrored language and theme to <html>.
const app = createApp();
// A test build only; in production `__KIANA_TEST__` is false and the hooks are not bundled.
if (__KIANA_TEST__) installTestHooks(app);

// Which build is running, for tests and bug reports (the update test waits for it to change).
document.documentElement.dataset.version = APP_VERSION;
document.documentElement.dataset.build = APP_BUILD;

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, context: appContext(app) });

startApp(app);
