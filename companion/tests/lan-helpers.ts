/**
 * Helpers for the LAN tests of the companion: in-process companions on 127.0.0.1 and WebSocket
 * clients that collect the JSON frames they receive.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import type { LanConfig } from '../src/lan-config.js';
import { startLanCompanion, type LanCompanion, type LanTuning } from '../src/lan.js';
import { createLogger, type Logger } from '../src/log.js';
import type { SeenCompanion } from '../src/discovery.js';
import { createFixtureSite, type FixtureSite } from './fixtures.js';

export interface TestCompanion extends LanCompanion {
  readonly base: string;
  readonly ws: string;
  readonly logs: Record<string, unknown>[];
  readonly site: FixtureSite;
  /** What mDNS would report about this companion. */
  readonly seenAs: SeenCompanion;
  stop(): Promise<void>;
}

/**
 * Starts a companion on 127.0.0.1 (or `host`) with the LAN extras off unless `lan` turns them
 * on; `base` and `ws` always reach it over loopback.
 */
export async function startTestCompanion(
  lan: Partial<LanConfig> = {},
  tuning: LanTuning = {},
  host = '127.0.0.1',
  ollamaHost: string | null = 'http://127.0.0.1:11434',
): Promise<TestCompanion> {
  const site = await createFixtureSite();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kiana-companion-data-'));
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = createLogger('debug', (line) => {
    logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const running = await startLanCompanion(
    {
      port: 0,
      host,
      distDir: site.distDir,
      modelsDir: site.modelsDir,
      logLevel: 'debug',
      ollamaHost: ollamaHost === null ? null : new URL(ollamaHost),
    },
    {
      name: 'kiana-test',
      dataDir,
      httpsPort: null,
      stunPort: null,
      mdns: false,
      tls: null,
      ...lan,
    },
    logger,
    tuning,
  );
  const port = running.companion.port;
  return {
    ...running,
    base: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    logs,
    site,
    seenAs: {
      id: running.id,
      name: 'kiana-test',
      version: '0.0.0',
      addresses: ['127.0.0.1'],
      httpPort: port,
      httpsPort: null,
      stunPort: null,
      caFingerprint: null,
      lastSeen: Date.now(),
    },
    async stop() {
      await running.close();
      await site.remove();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A WebSocket client that keeps every JSON frame and can wait for one. */
export class Client {
  readonly frames: Record<string, unknown>[] = [];
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: (() => void)[] = [];

  constructor(url: string, options: ClientOptions = {}) {
    this.socket = new WebSocket(url, options);
    this.socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString()) as Record<string, unknown>);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  send(value: unknown): void {
    this.socket.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Resolves with the first frame (seen or future) matching `match`. */
  async next(
    match: (frame: Record<string, unknown>) => boolean,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** A PeerJS client's signalling socket, as `peerjs` 1.5 opens it. */
export function peerjsClient(companion: TestCompanion, id: string, token = `tok${id}`): Client {
  return new Client(
    `${companion.ws}/peerjs/peerjs?key=peerjs&id=${id}&token=${token}&version=1.5.5`,
  );
}

/** True for the frame that says a PeerJS client is open. */
export const opened = (frame: Record<string, unknown>): boolean => frame['type'] === 'OPEN';

/** One test companion for the whole file, started before its tests and stopped after. */
export function useTestCompanion(): () => TestCompanion {
  let companion: TestCompanion | undefined;
  beforeAll(async () => {
    companion = await startTestCompanion();
  });
  afterAll(async () => {
    await companion?.stop();
  });
  return () => {
    if (companion === undefined) throw new Error('the test companion has not started');
    return companion;
  };
}
