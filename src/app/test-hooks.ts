/**
 * Handles for browser tests and benches, which drive the app through `page.evaluate` and cannot
 * import bundled modules. Only a test build (`vite build --mode test`, see vite.config.ts) calls
 * this: in a production build `__KIANA_TEST__` is false, the call is dead code, and this module
 * and every name in it are left out of the bundle (tests/browser/production-bundle.test.ts).
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { App } from './app.ts';

/**
 * What the mesh of this tab does to frames it sends on a topic: `drop` frames whose first byte
 * is this type (lost as with a dying channel, after the mesh took them), or `tamperChunk`: flip a
 * byte of every file chunk frame (type 4) with this index, or drop those from `dropChunksFrom` on.
 */
interface SendRule {
  drop?: number;
  tamperChunk?: number;
  dropChunksFrom?: number;
}

/** The chunk index of a `msg` chunk frame (type byte, 16-byte transfer, u32 index). */
const chunkIndex = (b: Uint8Array): number =>
  b[0] === 4 && b.length >= 21 ? new DataView(b.buffer, b.byteOffset + 17, 4).getUint32(0) : -1;

export function installTestHooks(app: App): void {
  const recorded: { from: string; topic: string; bytes: number[] }[] = [];
  const rules = new Map<string, SendRule>();
  const filtered = { dropped: 0, tampered: 0 };
  const patched = new WeakSet<object>();
  Object.assign(globalThis, {
    kianaStore: app.store,
    kianaEmbedder: () => app.embedder.client(),
    kianaRestartEmbedder: () => app.embedder.restart(),
    kianaModels: () => app.models,
    kianaVoice: () => app.voice,
    kianaSpeech: () => app.speech,
    kianaStt: () => app.speech.client(),
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
      /**
       * From now on applies `rule` to what this tab's mesh sends on `topic` (null: none), so a
       * test can lose a receipt with its channel or have a peer send a changed file chunk.
       * Returns how many frames were dropped and tampered with so far.
       */
      async meshFilter(
        topic: string,
        rule: SendRule | null,
      ): Promise<{ dropped: number; tampered: number }> {
        if (rule) rules.set(topic, rule);
        else rules.delete(topic);
        const host = await app.mesh();
        host.whenLeading((mesh) => {
          if (patched.has(mesh)) return;
          patched.add(mesh);
          const send = mesh.send.bind(mesh);
          mesh.send = async (peer, t, bytes) => {
            const r = rules.get(t);
            const index = chunkIndex(bytes);
            if (
              r?.drop === bytes[0] ||
              (r?.dropChunksFrom !== undefined && index >= r.dropChunksFrom)
            ) {
              filtered.dropped++;
              return;
            }
            if (r?.tamperChunk !== undefined && index === r.tamperChunk) {
              const changed = bytes.slice();
              changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
              filtered.tampered++;
              return send(peer, t, changed);
            }
            return send(peer, t, bytes);
          };
        });
        return { ...filtered };
      },
      /**
       * The bench's raw-frame baseline, receiving side: counts the bytes of `topic`; once
       * `total` came, answers the sender with one byte on `<topic>.done` and counts afresh.
       */
      async meshSink(topic: string, total: number): Promise<void> {
        const host = await app.mesh();
        host.whenLeading((mesh) => {
          let got = 0;
          mesh.on(topic, (from, bytes) => {
            got += bytes.length;
            if (got < total) return;
            got = 0;
            void mesh.send(from, `${topic}.done`, new Uint8Array(1));
          });
        });
      },
      /** Sends `total` bytes to `peer` in messages of `size`; ms until the sink answered. */
      async meshBlast(peer: string, topic: string, total: number, size: number): Promise<number> {
        const mesh = (await app.mesh()).mesh;
        if (!mesh) throw new Error('this tab does not lead the mesh');
        const message = new Uint8Array(size);
        let off = (): void => undefined;
        const done = new Promise<void>((resolve) => {
          off = mesh.on(`${topic}.done`, () => resolve());
        });
        const started = performance.now();
        for (let sent = 0; sent < total; sent += size) {
          await mesh.send(
            peer as DeviceId,
            topic,
            message.subarray(0, Math.min(size, total - sent)),
          );
        }
        await done;
        off();
        return performance.now() - started;
      },
      /**
       * Answers ed25519 cases (hex) in this browser's engine three ways: libsodium, Web Crypto
       * alone, and the preverified path of the chain (core/crypto/web-verify.ts).
       */
      async ed25519(cases: { key: string; message: string; signature: string }[]) {
        const { loadPreverifyingPrimitives, loadPrimitives } =
          await import('../core/crypto/primitives.ts');
        const [fast, plain] = await Promise.all([loadPreverifyingPrimitives(), loadPrimitives()]);
        const bytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
        const signed = cases.map((c) => ({
          key: bytes(c.key),
          message: bytes(c.message),
          signature: bytes(c.signature),
        }));
        const alone = async (s: (typeof signed)[number]): Promise<boolean | string> => {
          try {
            const key = await crypto.subtle.importKey('raw', s.key, 'Ed25519', false, ['verify']);
            return await crypto.subtle.verify('Ed25519', key, s.signature, s.message);
          } catch (error) {
            return String(error);
          }
        };
        const found = await fast.preverify(signed);
        return {
          found,
          libsodium: signed.map((s) => plain.verify(s.key, s.message, s.signature)),
          webCrypto: await Promise.all(signed.map(alone)),
          preverified: signed.map((s) => fast.verify(s.key, s.message, s.signature)),
        };
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
