/**
 * The messaging round trip between two Chromium processes through the real companion, as the app
 * does it: paired through the UI, then `messages.send` on one device until its store shows the
 * message `delivered` — the store encrypts it (ratchet step, SQLite transaction), the courier
 * sends it over the mesh, the other store decrypts and keeps it, and its acknowledgement comes
 * back and is written. Beside it, a heartbeat round trip over the same mesh channel: the raw
 * frames' floor, taken interleaved in the same run. The `files` part: a 50 MB file from one to
 * the other as the app sends it (hashed, written into the store and sealed, announced, pulled by
 * the receiver in 256 KiB chunks, each opened and kept, the whole hashed) until the sender hears
 * it is complete, beside 50 MB of raw 256 KiB mesh messages until the receiver has them all.
 */
import type { Page } from 'playwright-core';
import { startCompanion } from '../../tests/browser/companion-process.ts';
import { launchDevice, type Device } from '../../tests/browser/devices.ts';
import type { Area, Figure } from '../figure.ts';

const ROUND_TRIPS = 30;
const WARMUP = 3;
const SLOW = { timeout: 120_000 };

async function open(d: Device, url: string): Promise<void> {
  await d.page.goto(url);
  await d.page.waitForSelector('html[data-ready="true"]');
}

/** Pairs `joiner` with `inviter` as My devices through the link, as a person does. */
async function pair(inviter: Device, joiner: Device, base: string): Promise<void> {
  await open(inviter, `${base}/#/devices`);
  await inviter.page.getByRole('button', { name: 'Pair a device' }).click();
  await inviter.page.getByRole('img', { name: 'Pairing QR code' }).waitFor(SLOW);
  const link = await inviter.page.getByRole('textbox', { name: 'Pairing link' }).inputValue();
  await open(joiner, link);
  const dialog = joiner.page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Pair', exact: true }).click(SLOW);
  await inviter.page
    .getByRole('group', { name: /^Allow / })
    .getByRole('button', { name: 'Allow' })
    .click(SLOW);
  await dialog.getByRole('heading', { name: /^Paired with/ }).waitFor(SLOW);
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/** Runs `body` (a function's source) in the page with `args` (a string: tsx would add helpers). */
function run<T>(page: Page, body: string, ...args: unknown[]): Promise<T> {
  return page.evaluate<T>(`(${body})(${args.map((a) => JSON.stringify(a)).join(',')})`);
}

const DEVICE_ID = `async () => (await globalThis.kianaStore().call('chain.info')).device`;

const PING = `async (peer) => globalThis.kianaTest.meshPing(peer)`;

/** send → delivered, in ms, measured in the sending page. */
const ROUND_TRIP = `async (peer, text) => {
  const store = globalThis.kianaStore();
  let id = null;
  const delivered = async () => {
    const list = await store.call('messages.list', { conversation: peer });
    return list.some((m) => m.id === id && m.state === 'delivered');
  };
  let off = () => {};
  const done = new Promise((resolve) => {
    off = store.on('messages.changed', () => {
      if (id !== null) void delivered().then((yes) => yes && resolve());
    });
  });
  const started = performance.now();
  id = (await store.call('messages.send', { conversation: peer, body: { kind: 'text', text } })).id;
  if (!(await delivered())) await done;
  off();
  return performance.now() - started;
}`;

async function untilUp(page: Page, peer: string): Promise<void> {
  const until = Date.now() + SLOW.timeout;
  for (;;) {
    try {
      await run<number>(page, PING, peer);
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** A 50 MB file sent as the app sends it, in ms until the sender's store says `done`. */
const FILE = `async (peer, size) => {
  const store = globalThis.kianaStore();
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  const started = performance.now();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  const { transfer, chunks, chunkBytes } = await store.call('messages.fileBegin', {
    conversation: peer, name: 'bench.bin', mime: 'application/octet-stream', size, sha256,
  });
  for (let i = 0; i < chunks; i++) {
    const chunk = bytes.slice(i * chunkBytes, (i + 1) * chunkBytes);
    await store.call('messages.fileWrite', { transfer, index: i, bytes: chunk }, { transfer: [chunk.buffer] });
  }
  let off = () => {};
  const done = new Promise((resolve) => {
    off = store.on('messages.file', (s) => s.transfer === transfer && s.state === 'done' && resolve());
  });
  await store.call('messages.fileEnd', { transfer });
  await done;
  off();
  return performance.now() - started;
}`;

const SINK = `async (total) => globalThis.kianaTest.meshSink('bench.raw', total)`;
const BLAST = `async (peer, total) => globalThis.kianaTest.meshBlast(peer, 'bench.raw', total, 262144)`;

/** Two Chromium processes through a companion, paired, both on Messages; `body` measures. */
async function paired(
  body: (sender: Device, receiver: Device, peer: string) => Promise<Figure[]>,
): Promise<Figure[]> {
  const companion = await startCompanion({ args: ['--stun-port', '0'] });
  const devices: Device[] = [];
  try {
    for (const name of ['sender', 'receiver']) {
      const d = await launchDevice({ name, guarded: false });
      devices.push(d);
      await open(d, `${companion.url}/`);
    }
    const [sender, receiver] = devices as [Device, Device];
    await pair(sender, receiver, companion.url);
    await open(sender, `${companion.url}/#/messages`);
    await open(receiver, `${companion.url}/#/messages`);
    const peer = await run<string>(receiver.page, DEVICE_ID);
    await untilUp(sender.page, peer);
    return await body(sender, receiver, peer);
  } finally {
    for (const d of devices) await d.dispose();
    await companion.stop();
  }
}

export const messagingMeshArea: Area = {
  name: 'messaging',
  part: 'mesh',
  run: () =>
    paired(async (sender, _receiver, peer) => {
      const ours: number[] = [];
      const baseline: number[] = [];
      for (let i = 0; i < ROUND_TRIPS + WARMUP; i++) {
        const trip = await run<number>(sender.page, ROUND_TRIP, peer, `message ${i}`);
        const ping = await run<number>(sender.page, PING, peer);
        if (i < WARMUP) continue;
        ours.push(trip);
        baseline.push(ping);
      }
      return [
        {
          id: 'messaging.mesh-round-trip',
          label: 'message send → delivered (ratchet, store, mesh, ack; two processes)',
          runtime: 'chromium',
          ours,
          baselineLabel: 'heartbeat round trip on the same mesh channel (raw frames)',
          baseline,
        },
      ];
    }),
};

const FILE_BYTES = 50 * 1024 * 1024;
const FILE_RUNS = 3;

export const messagingFilesArea: Area = {
  name: 'messaging',
  part: 'files',
  run: () =>
    paired(async (sender, receiver, peer) => {
      await run<undefined>(receiver.page, SINK, FILE_BYTES);
      const ours: number[] = [];
      const baseline: number[] = [];
      // One warm-up of each, then interleaved, so load on the machine hits both alike.
      await run<number>(sender.page, BLAST, peer, FILE_BYTES);
      for (let i = 0; i < FILE_RUNS; i++) {
        ours.push(await run<number>(sender.page, FILE, peer, FILE_BYTES));
        baseline.push(await run<number>(sender.page, BLAST, peer, FILE_BYTES));
      }
      return [
        {
          id: 'messaging.file-50mb',
          label:
            '50 MB file, attach → complete (hash, seal into the store, pull in 256 KiB chunks, open, keep, hash; two processes)',
          runtime: 'chromium',
          ours,
          baselineLabel: '50 MB of raw 256 KiB mesh messages on the same channel',
          baseline,
        },
      ];
    }),
};
