/**
 * The messaging round trip between two Chromium processes through the real companion, as the app
 * does it: paired through the UI, then `messages.send` on one device until its store shows the
 * message `delivered` — the store encrypts it (ratchet step, SQLite transaction), the courier
 * sends it over the mesh, the other store decrypts and keeps it, and its acknowledgement comes
 * back and is written. Beside it, a heartbeat round trip over the same mesh channel: the raw
 * frames' floor, taken interleaved in the same run.
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

export const messagingMeshArea: Area = {
  name: 'messaging',
  part: 'mesh',
  async run(): Promise<Figure[]> {
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
    } finally {
      for (const d of devices) await d.dispose();
      await companion.stop();
    }
  },
};
