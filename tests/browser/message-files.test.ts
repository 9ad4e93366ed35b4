/**
 * Files, notes to self and read receipts, issue #14: three separate Chromium processes through
 * the real companion. Laptop and Phone are My devices; Friend is Laptop's contact. A 12 MB file
 * stalls halfway (the laptop's mesh drops the chunks after the 20th), survives a reload of the
 * receiver with its chunks kept, and completes after a reload of the sender, intact; a chunk
 * changed on the way is refused with a clear error and the file is not done until the real one
 * comes; a note to self reaches my phone and not my contact; a read receipt lost with its
 * channel arrives after a reconnect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Device } from './devices.ts';
import {
  attachFile,
  fileStatus,
  generated,
  meshFilter,
  reload,
  savedHash,
  sha256,
  storedHash,
} from './message-files-ui.ts';
import {
  bubbles,
  openConversation,
  sendMessage,
  storedStates,
  storedTexts,
} from './messages-ui.ts';
import { call } from './storage-rpc.ts';
import { startTrio, type Trio } from './trio.ts';

const SLOW = { timeout: 90_000, interval: 500 };
const CHUNK = 256 * 1024;
/** Filled in by beforeAll: the three devices and their companion. */
const on = {} as Trio;
let { companion, laptop, phone, friend } = on;

beforeAll(async () => {
  Object.assign(on, await startTrio());
  ({ companion, laptop, phone, friend } = on);
}, 180_000);

afterAll(() => on.dispose());

const id = (d: Device): string => on.id(d);

describe('files, notes to self and read receipts', () => {
  it('pairs Phone as My device and Friend as a contact', async () => {
    await on.pair();
    const page = await openApp(laptop, companion.url, '/#/messages');
    await expect
      .poll(
        () => page.getByRole('list', { name: 'Conversations' }).getByRole('button').count(),
        SLOW,
      )
      .toBe(3);
  }, 400_000);

  it('resumes a file interrupted by a reload on each side; it arrives intact', async () => {
    const data = generated(12 * 1024 * 1024 + 777, 14);
    const chunks = Math.ceil(data.length / CHUNK);
    const receiver = await openConversation(friend, companion.url, 'Laptop');
    const sender = await openConversation(laptop, companion.url, 'Friend');
    await meshFilter(sender, { dropChunksFrom: 20 });
    await attachFile(sender, 'big.bin', data);
    const received = () => fileStatus(friend.page, id(laptop), 'big.bin');
    await expect.poll(async () => (await received())?.have, SLOW).toBe(20);
    await expect
      .poll(async () => (await meshFilter(sender, { dropChunksFrom: 20 })).dropped, SLOW)
      .toBeGreaterThan(0);
    // The receiver reloads: the 20 chunks it kept are still there, and it shows how far it got.
    await reload(receiver);
    await openConversation(friend, companion.url, 'Laptop');
    expect(await received()).toMatchObject({ have: 20, chunks, state: 'receiving' });
    const bar = friend.page.getByRole('progressbar', { name: 'Transfer of big.bin' });
    await expect.poll(() => bar.getAttribute('data-have'), SLOW).toBe('20');
    // The sender shows the receiver's count too (from the receiver's requests).
    const sent = sender.getByRole('progressbar', { name: 'Transfer of big.bin' });
    await expect.poll(() => sent.getAttribute('data-have'), SLOW).toBe('20');
    // The sender reloads (its page's filter goes with it): the rest comes.
    await reload(sender);
    await expect.poll(async () => (await received())?.state, SLOW).toBe('done');
    await expect
      .poll(async () => (await fileStatus(laptop.page, id(friend), 'big.bin'))?.state, SLOW)
      .toBe('done');
    const transfer = (await received())?.transfer ?? '';
    expect(await storedHash(friend.page, transfer)).toBe(sha256(data));
    expect(await savedHash(friend.page)).toBe(sha256(data));
  }, 400_000);

  it('refuses a chunk changed on the way with a clear error; done only with the real one', async () => {
    const data = generated(CHUNK * 3 + 5, 3);
    const receiver = await openConversation(friend, companion.url, 'Laptop');
    const sender = await openConversation(laptop, companion.url, 'Friend');
    await meshFilter(sender, { tamperChunk: 2 });
    await attachFile(sender, 'changed.bin', data);
    const stats = () => call(friend.page, 'messages.stats', undefined);
    await expect.poll(async () => (await stats())['file-chunk-rejected'], SLOW).toBeGreaterThan(0);
    const card = receiver.locator('li[data-message]').filter({ hasText: 'changed.bin' });
    await card.getByRole('alert').filter({ hasText: 'changed on the way' }).waitFor(SLOW);
    const status = await fileStatus(friend.page, id(laptop), 'changed.bin');
    expect(status).toMatchObject({ state: 'receiving', error: 'file-chunk-rejected' });
    expect(status?.have).toBeLessThan(4);
    expect(await card.getByRole('button', { name: 'Save' }).count()).toBe(0);
    // The sender stops changing it: the receiver's next request brings the real chunk.
    await meshFilter(sender, null);
    await expect
      .poll(async () => (await fileStatus(friend.page, id(laptop), 'changed.bin'))?.state, SLOW)
      .toBe('done');
    const done = await fileStatus(friend.page, id(laptop), 'changed.bin');
    expect(done?.error).toBeNull();
    expect(await storedHash(friend.page, done?.transfer ?? '')).toBe(sha256(data));
  }, 300_000);

  it('brings a note to self to my other device, never to a contact', async () => {
    const NOTE = 'Note: buy lemons on the way home';
    const notes = await openConversation(laptop, companion.url, 'Note to self');
    await sendMessage(notes, NOTE);
    await expect.poll(() => storedTexts(phone.page, 'self'), SLOW).toEqual([NOTE]);
    const page = await openConversation(phone, companion.url, 'Note to self');
    await bubbles(page).filter({ hasText: NOTE }).waitFor(SLOW);
    // Friend hears from the laptop after the note was written, and has no note of mine.
    const chat = await openConversation(laptop, companion.url, 'Friend');
    await sendMessage(chat, 'after the note');
    await expect
      .poll(async () => (await storedTexts(friend.page, id(laptop))).at(-1), SLOW)
      .toBe('after the note');
    expect(await storedTexts(friend.page, 'self')).toEqual([]);
    const everything = JSON.stringify(await call(friend.page, 'messages.conversations', undefined));
    expect(everything).not.toContain('self');
  }, 300_000);

  it('sends a read receipt lost with its channel again after a reconnect', async () => {
    const chat = await openConversation(laptop, companion.url, 'Phone');
    await sendMessage(chat, 'read me please');
    await expect
      .poll(async () => (await storedTexts(phone.page, id(laptop))).at(-1), SLOW)
      .toBe('read me please');
    await expect
      .poll(async () => (await storedStates(laptop.page, id(phone))).at(-1), SLOW)
      .toBe('delivered');
    // The phone's mesh loses every read receipt it sends (type 3), as a dying channel would.
    const page = await openApp(phone, companion.url, '/#/devices');
    await meshFilter(page, { drop: 3 });
    await openConversation(phone, companion.url, 'Laptop');
    await expect
      .poll(async () => (await meshFilter(page, { drop: 3 })).dropped, SLOW)
      .toBeGreaterThan(0);
    expect(await storedStates(phone.page, id(laptop))).toContain('read');
    expect((await storedStates(laptop.page, id(phone))).at(-1)).toBe('delivered');
    // A reload: a new channel, and the receipt goes out again.
    await reload(page);
    await expect
      .poll(async () => (await storedStates(laptop.page, id(phone))).at(-1), SLOW)
      .toBe('read');
  }, 300_000);
});
