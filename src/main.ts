import './app.css';
import { mount } from 'svelte';
import { APP_BUILD, APP_VERSION } from './state/build-info.ts';
// Importing the state modules applies the mirrored language and theme to <html> before mount.
import { i18n } from './state/i18n.svelte.ts';
import { storageStatus } from './state/storage.svelte.ts';
import { theme } from './state/theme.svelte.ts';
import { appUpdate } from './state/update.svelte.ts';
import { backfill } from './state/backfill.svelte.ts';
import { models } from './state/models.svelte.ts';
import App from './ui/App.svelte';

// Which build is running, for tests and bug reports (the update test waits for it to change).
document.documentElement.dataset.version = APP_VERSION;
document.documentElement.dataset.build = APP_BUILD;

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });

// After the first paint: nothing here should delay the shell.
void i18n.restore();
void theme.restore();
void storageStatus.requestPersistence();
appUpdate.start();
// Downloaded models and the background embedding of memories that have no vector yet.
void models.refresh().then(() => {
  if (models.active) backfill.start();
  models.onChange(() => {
    if (models.active) backfill.start();
  });
});
// Every tab competes for the device's presence on the mesh; the winner connects to paired devices.
import('./state/devices.svelte.ts')
  .then(({ devices }) => devices.start())
  .catch((error: unknown) => console.error('mesh: not started', error));
