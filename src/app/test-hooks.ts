/**
 * Handles for browser tests and benches, which drive the app through `page.evaluate` and cannot
 * import bundled modules. Only a test build (`vite build --mode test`, see vite.config.ts) calls
 * this: in a production build `__KIANA_TEST__` is false, the call is dead code, and this module
 * and every name in it are left out of the bundle (tests/browser/production-bundle.test.ts).
 */
import type { App } from './app.ts';

export function installTestHooks(app: App): void {
  Object.assign(globalThis, {
    kianaStore: app.store,
    kianaEmbedder: () => app.embedder.client(),
    kianaRestartEmbedder: () => app.embedder.restart(),
    kianaModels: () => app.models,
    kianaSpeaker: () => app.speaker.client(),
    kianaRestartSpeaker: () => app.speaker.restart(),
    kianaVoices: () => app.voices,
    kianaReadAloud: () => app.readAloud,
    kianaTest: {
      /**
       * Moves the clock invitations expire by, so a test sees an expired link refused without
       * waiting five minutes. It changes nothing but this tab's own invitations.
       */
      async advanceInviteClock(ms: number): Promise<void> {
        const { inviteClock } = await import('../platform/pairing-service.ts');
        inviteClock.offsetMs += ms;
      },
    },
  });
}
