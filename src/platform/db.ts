/**
 * Kiana's IndexedDB database (Dexie): small, structured things that must survive a reload —
 * settings now, keys and identity later. Bulk data (memories, chain) lives in SQLite on OPFS in
 * the store worker, not here.
 */
import Dexie, { type EntityTable } from 'dexie';
import { KianaError } from '@kiana/shared/errors';

/** Every setting with its type. Adding a setting = one line here plus its validator below. */
export interface Settings {
  language: 'en' | 'de';
  theme: 'system' | 'light' | 'dark';
  /** A TURN server for devices on different networks; none by default (no public servers). */
  turn: TurnServer | null;
  /** Who removed this device from the person's devices, kept so the notice outlives a reload. */
  removedBy: RemovedBy | null;
  /** Keep a voice memory's audio beside it (off unless the person turns it on). */
  keepVoiceAudio: boolean;
  /** Reading aloud: the chosen voice (its key) per language, and the speaking rate. */
  speech: SpeechSettings;
}

export interface SpeechSettings {
  voices: { de: string | null; en: string | null };
  /** 0.5 (slow) to 2 (fast). */
  speed: number;
}

function isSpeech(v: unknown): v is SpeechSettings {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<SpeechSettings>;
  const voices = s.voices as unknown as Record<string, unknown> | null | undefined;
  const key = (k: unknown) => k === null || (typeof k === 'string' && k.length <= 300);
  return (
    typeof s.speed === 'number' &&
    s.speed >= 0.5 &&
    s.speed <= 2 &&
    typeof voices === 'object' &&
    voices !== null &&
    key(voices.de) &&
    key(voices.en)
  );
}

/** The device that removed this one, and when this device learned of it. */
export interface RemovedBy {
  name: string;
  at: number;
}

/** One TURN server as RTCPeerConnection takes it. */
export interface TurnServer {
  urls: string;
  username: string;
  credential: string;
}

/** `turn:` or `turns:` host[:port][?transport=udp|tcp]. */
export const TURN_URL = /^turns?:[A-Za-z0-9.[\]:-]{1,253}(\?transport=(udp|tcp))?$/;

function isTurnServer(v: unknown): v is TurnServer | null {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  const t = v as Record<string, unknown>;
  return (
    typeof t['urls'] === 'string' &&
    TURN_URL.test(t['urls']) &&
    typeof t['username'] === 'string' &&
    t['username'].length <= 256 &&
    typeof t['credential'] === 'string' &&
    t['credential'].length <= 256
  );
}
export type SettingKey = keyof Settings;

/** One row of the `settings` table. */
export interface SettingRow<K extends SettingKey = SettingKey> {
  key: K;
  value: Settings[K];
}

/**
 * Stored values are read back through these guards: an older build, a manual edit or a
 * half-finished migration must not put a bad value into the app.
 */
const validators: { [K in SettingKey]: (value: unknown) => value is Settings[K] } = {
  language: (v): v is Settings['language'] => v === 'en' || v === 'de',
  theme: (v): v is Settings['theme'] => v === 'system' || v === 'light' || v === 'dark',
  turn: isTurnServer,
  removedBy: (v): v is Settings['removedBy'] =>
    v === null ||
    (typeof v === 'object' &&
      typeof (v as Partial<RemovedBy>).name === 'string' &&
      typeof (v as Partial<RemovedBy>).at === 'number'),
  keepVoiceAudio: (v): v is boolean => typeof v === 'boolean',
  speech: isSpeech,
};

export function isSettingValue<K extends SettingKey>(key: K, value: unknown): value is Settings[K] {
  return validators[key](value);
}

export class KianaDb extends Dexie {
  // `declare`: Dexie creates the table properties itself; a class field would overwrite them.
  declare readonly settings: EntityTable<SettingRow, 'key'>;

  constructor(name = 'kiana') {
    super(name);
    // Schema history: add a new `this.version(n + 1)` below for every change (new tables or
    // indexes, with an `.upgrade()` when rows must change). Never edit a version that shipped.
    this.version(1).stores({ settings: 'key' });
    // v2 [storage]: this browser's device identity, one row (src/platform/identity.ts).
    this.version(2).stores({ identity: 'id' });
    // v3 [pairing]: paired devices, and pairings removed while the peer was away
    // (src/platform/pairing-store.ts).
    this.version(3).stores({ pairings: 'deviceId', unpaired: 'deviceId' });
  }
}

let db: KianaDb | null = null;

/** The app's database, opened on first use so importing this module has no side effects. */
export function getDb(): KianaDb {
  db ??= new KianaDb();
  return db;
}

/** Reads a setting; `undefined` when unset or when the stored value is not valid any more. */
export async function getSetting<K extends SettingKey>(key: K): Promise<Settings[K] | undefined> {
  try {
    const row = await getDb().settings.get(key);
    return row && isSettingValue(key, row.value) ? row.value : undefined;
  } catch (error) {
    throw asStorageError(error);
  }
}

/** Writes a setting. */
export async function setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  try {
    await getDb().settings.put({ key, value });
  } catch (error) {
    throw asStorageError(error);
  }
}

/** IndexedDB failures become coded errors the UI can explain. */
function asStorageError(error: unknown): KianaError {
  if (error instanceof KianaError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError' || name === 'QuotaExceeded') {
    return new KianaError('storage-quota', 'IndexedDB is full', { cause: error });
  }
  return new KianaError('storage-unavailable', 'IndexedDB is not available', { cause: error });
}
