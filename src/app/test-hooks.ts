/**
 * Handles for browser tests and benches, which drive the app through `page.evaluate` and cannot
 * import bundled modules. Only a test build (`vite build --mode test`, see vite.config.ts) calls
 * this: in a production build `__KIANA_TEST__` is false, the call is dead code, and this module
 * and every name in it are left out of the bundle (tests/browser/production-bundle.test.ts).
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { App } from './app.ts';

export function installTestHooks(app: App): void {
  const recorded: { from: string; topic: string; bytes: number[] }[] = [];
  Object.assign(globalThis, {
    kianaStore: app.store,
    kianaEmbedder: () => app.embedder.client(),
    kianaRestartEmbedder: () => app.embedder.restart(),
    kianaModels: () => app.models,
    kianaVoice: () => app.voice,
    kianaSpeech: () => app.speech,
    kianaSpeaker: () => app.speaker.client(),
    kianaRestartSpeaker: () => app.speaker.restart(),
    kianaVoices: () => app.voices,
    kianaReadAloud: () => app.readAloud,
    kianaLlm: () => app.llm,
    kianaLlmClient: () => app.llmWorker.client(),
    kianaRestartLlm: () => app.llmWorker.restart(),
    kianaAsk: () => app.ask,
    kianaTest: {
      /**
       * Moves the clock invitations expire by, so a test sees an expired link refused without
       * waiting five minutes. It changes nothing but this tab's own invitations.
       */
      async advanceInviteClock(ms: number): Promise<void> {
        const { inviteClock } = await import('../platform/pairing-service.ts');
        inviteClock.offsetMs += ms;
      },
      /**
       * From now on keeps every frame of `topic` this tab's mesh receives, so a test can replay
       * or tamper with what a real peer sent (`meshFrames`, `meshSend`).
       */
      async recordMesh(topic: string): Promise<void> {
        const host = await app.mesh();
        host.whenLeading((mesh) => {
          mesh.on(topic, (from, bytes) => recorded.push({ from, topic, bytes: [...bytes] }));
        });
      },
      meshFrames(topic: string): { from: string; bytes: number[] }[] {
        return recorded.filter((r) => r.topic === topic);
      },
      /** One heartbeat round trip to `peer` over this tab's mesh (the bench's raw-frame floor). */
      async meshPing(peer: string): Promise<number> {
        const mesh = (await app.mesh()).mesh;
        if (!mesh) throw new Error('this tab does not lead the mesh');
        return mesh.ping(peer as DeviceId);
      },
      /** Sends raw bytes to a paired peer over this tab's mesh, as a hostile peer could. */
      async meshSend(peer: string, topic: string, bytes: number[]): Promise<void> {
        const mesh = (await app.mesh()).mesh;
        if (!mesh) throw new Error('this tab does not lead the mesh');
        await mesh.send(peer as DeviceId, topic, new Uint8Array(bytes));
      },
    },
  });
}
