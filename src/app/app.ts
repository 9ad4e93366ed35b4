/**
 * The composition root: the one place that creates this tab's clients (store, embedder), its mesh
 * host with the chain-sync and removal glue, and the state classes, and says which needs which.
 * `main.ts` hands the result to the UI through Svelte context (src/ui/context.ts); no module of
 * src/state or src/ui holds an instance of its own.
 */
import { createEmbedder, type Embedder } from '../platform/embed-client.ts';
import { createSpeaker, type Speaker } from '../platform/tts-client.ts';
import type { MeshHost } from '../platform/mesh-host.ts';
import { createStore } from '../platform/store-client.ts';
import { createSttWorker } from '../platform/stt-client.ts';
import { createLlmWorker, type LlmWorker } from '../platform/llm-client.ts';
import { AskState } from '../state/ask.svelte.ts';
import { Llm } from '../state/llm.ts';
import { Backfill } from '../state/backfill.svelte.ts';
import { Capture } from '../state/capture.svelte.ts';
import { ChainView } from '../state/chain.svelte.ts';
import { DeviceInfo } from '../state/device.svelte.ts';
import { DevicesState } from '../state/devices.svelte.ts';
import { I18n } from '../state/i18n.svelte.ts';
import { Clock, DatabaseFile, MemoryActions, MemoryWindow } from '../state/memories.svelte.ts';
import { MessagesState } from '../state/messages.svelte.ts';
import { ModelsState } from '../state/models.svelte.ts';
import { InviteState, JoinState } from '../state/pairing.svelte.ts';
import { ReadAloud } from '../state/read-aloud.svelte.ts';
import { Router } from '../state/router.svelte.ts';
import { MemorySearch } from '../state/search.svelte.ts';
import { Speech } from '../state/speech.ts';
import { StorageStatus } from '../state/storage.svelte.ts';
import type { StoreRef } from '../state/store-ref.ts';
import { Theme } from '../state/theme.svelte.ts';
import { AppUpdate } from '../state/update.svelte.ts';
import { VoiceCapture } from '../state/voice.svelte.ts';
import { VoicesState } from '../state/voices.svelte.ts';

export interface App {
  /** The store client; the connection (owner election, worker) starts on the first call. */
  readonly store: StoreRef;
  readonly embedder: Embedder;
  readonly speaker: Speaker;
  /** This tab's mesh host, loaded (peerjs, libsodium) and started on the first call. */
  readonly mesh: () => Promise<MeshHost>;
  readonly i18n: I18n;
  readonly theme: Theme;
  readonly router: Router;
  readonly appUpdate: AppUpdate;
  readonly storageStatus: StorageStatus;
  readonly deviceInfo: DeviceInfo;
  readonly capture: Capture;
  readonly memoryWindow: MemoryWindow;
  readonly memoryActions: MemoryActions;
  readonly databaseFile: DatabaseFile;
  readonly clock: Clock;
  readonly memorySearch: MemorySearch;
  readonly chainView: ChainView;
  readonly models: ModelsState;
  readonly backfill: Backfill;
  readonly devices: DevicesState;
  readonly invite: InviteState;
  readonly joining: JoinState;
  readonly messages: MessagesState;
  /** Whisper in this tab's speech-to-text worker. */
  readonly speech: Speech;
  readonly voice: VoiceCapture;
  readonly voices: VoicesState;
  readonly readAloud: ReadAloud;
  /** The instruct model in this tab's llm worker (Ask's in-browser engine). */
  readonly llm: Llm;
  readonly llmWorker: LlmWorker;
  readonly ask: AskState;
}

/** Calls `make` once, on first use, and returns its result from then on. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Creates the app. Creating I18n and Theme applies the mirrored language and theme to <html>. */
export function createApp(): App {
  const store = once(createStore);
  const embedder = createEmbedder();
  const models = new ModelsState(embedder);
  const speaker = createSpeaker();
  const voices = new VoicesState();
  const mesh = once(async (): Promise<MeshHost> => {
    // After the shell: the host and the glue pull in peerjs and libsodium.
    const { startMesh } = await import('./mesh.ts');
    return startMesh(store, devices);
  });
  const devices: DevicesState = new DevicesState(store, mesh);
  const i18n = new I18n();
  const speech = new Speech(createSttWorker(), models);
  const llmWorker = createLlmWorker();
  const llm = new Llm(llmWorker, models);
  const backfill = new Backfill(store, models);
  return {
    store,
    embedder,
    speaker,
    mesh,
    i18n,
    theme: new Theme(),
    router: new Router(),
    appUpdate: new AppUpdate(),
    storageStatus: new StorageStatus(),
    deviceInfo: new DeviceInfo(store),
    capture: new Capture(store, backfill),
    memoryWindow: new MemoryWindow(store),
    memoryActions: new MemoryActions(store),
    databaseFile: new DatabaseFile(store),
    clock: new Clock(),
    memorySearch: new MemorySearch(store, models),
    chainView: new ChainView(
      store,
      (id) => devices.peers.find((peer) => peer.deviceId === id)?.name ?? null,
    ),
    models,
    backfill,
    devices,
    invite: new InviteState(mesh),
    joining: new JoinState(mesh),
    messages: new MessagesState(store),
    speech,
    voice: new VoiceCapture(store, speech, () => i18n.lang),
    voices,
    readAloud: new ReadAloud(speaker, voices),
    llm,
    llmWorker,
    ask: new AskState(store, models, llm),
  };
}

/** What runs after the first paint: nothing here should delay the shell. */
export function startApp(app: App): void {
  void app.i18n.restore();
  void app.theme.restore();
  void app.storageStatus.requestPersistence();
  app.appUpdate.start();
  // Unread counts for the navigation's badge, kept current by the store's events.
  app.messages.load();
  // Downloaded models and the background embedding of memories that have no vector yet.
  const { models, backfill } = app;
  // Once a model is installed, its worker loads it in idle time: no first use waits for it.
  const onModels = () => {
    app.speech.warmUp();
    app.llm.warmUp();
    if (!models.active) return;
    models.warmUp();
    backfill.start();
  };
  void models.refresh().then(() => {
    onModels();
    models.onChange(onModels);
    // Recordings left by a reload or a crash are transcribed now (they wait in OPFS).
    void app.voice.restore();
  });
  // Voices for reading aloud; the one for the UI language loads in idle time once downloaded.
  void app.voices.refresh().then(() => app.readAloud.warmUp(app.i18n.lang));
  // Every tab competes for the device's presence on the mesh; the winner connects to paired devices.
  app.mesh().catch((error: unknown) => console.error('mesh: not started', error));
}
