/**
 * Messages, issue #14: three separate Chromium processes through the real companion. Laptop and
 * Phone are My devices (one chain); Friend is Laptop's contact. Messages go over the real mesh,
 * encrypted by the Double Ratchet in each store worker: a message to a stopped device waits and
 * arrives exactly once, in order, when it is back; states advance to delivered and read; a
 * replayed and a tampered ciphertext are refused and counted and lose nothing; a message to a
 * contact never enters any chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { capture } from './capture-ui.ts';
import type { CompanionProcess } from './companion-process.ts';
import { openApp, type Device } from './devices.ts';
import {
  badge,
  bubbles,
  cipherFrames,
  openConversation,
  recordFrames,
  sendMessage,
  sendRaw,
  shownStates,
  storedStates,
  storedTexts,
} from './messages-ui.ts';
import { status } from './pairing-ui.ts';
import { call } from './storage-rpc.ts';
import { startTrio, type Trio } from './trio.ts';

let trio: Trio;
let companion: CompanionProcess;
let laptop: Device;
let phone: Device;
let friend: Device;
const SLOW = { timeout: 90_000, interval: 500 };
const WHILE_AWAY = ['first while away', 'second while away', 'third while away'];

beforeAll(async () => {
  trio = await startTrio();
  ({ companion, laptop, phone, friend } = trio);
}, 180_000);

afterAll(() => trio.dispose());

const id = (d: Device): string => trio.id(d);

async function memoryTexts(page: Page): Promise<string[]> {
  const { rows } = await call(page, 'memories.list', { limit: 100 });
  return rows.map((m) => m.text).sort();
}

describe('messages between devices and contacts', () => {
  it('pairs Phone as My device and Friend as a contact', async () => {
    await trio.pair();
    const page = await openApp(laptop, companion.url, '/#/messages');
    const list = page.getByRole('list', { name: 'Conversations' });
    await expect
      .poll(() => list.getByRole('button').allTextContents(), SLOW)
      .toEqual([
        expect.stringContaining('Note to self'),
        expect.stringContaining('Phone'),
        expect.stringContaining('Friend'),
      ]);
  }, 400_000);

  it('delivers messages to a stopped device exactly once, in order, when it returns', async () => {
    await phone.close();
    await openApp(laptop, companion.url, '/#/devices');
    await expect.poll(() => status(laptop.page, 'Phone'), SLOW).toBe('offline');
    const page = await openConversation(laptop, companion.url, 'Phone');
    for (const text of WHILE_AWAY) await sendMessage(page, text);
    expect(await shownStates(page)).toEqual(['queued', 'queued', 'queued']);
    await phone.reopen();
    const back = await openApp(phone, companion.url, '/#/messages');
    await expect.poll(() => storedTexts(back, id(laptop)), SLOW).toEqual(WHILE_AWAY);
    await expect
      .poll(() => shownStates(page), SLOW)
      .toEqual(['delivered', 'delivered', 'delivered']);
    await expect.poll(() => badge(back), SLOW).toBe(3);
  }, 300_000);

  it('shows each message once however many times the phone reconnects', async () => {
    // Each reload is a new mesh session on both sides: peer-up, a fresh flush of the outbox.
    for (let i = 0; i < 3; i++) {
      await openApp(phone, companion.url, '/#/devices');
      await expect.poll(() => status(phone.page, 'Laptop'), SLOW).toBe('online');
    }
    const page = await openConversation(phone, companion.url, 'Laptop');
    const shown = async () =>
      (await bubbles(page).allTextContents()).map(
        (t) => WHILE_AWAY.find((w) => t.includes(w)) ?? t,
      );
    await expect.poll(shown, SLOW).toEqual(WHILE_AWAY);
    expect(await storedTexts(page, id(laptop))).toEqual(WHILE_AWAY);
  }, 300_000);

  it('advances to read once the phone shows the conversation, and the badge goes', async () => {
    // The phone has the conversation open (previous step): it read them.
    await expect.poll(() => badge(phone.page), SLOW).toBe(0);
    const page = await openConversation(laptop, companion.url, 'Phone');
    await expect.poll(() => shownStates(page), SLOW).toEqual(['read', 'read', 'read']);
    expect(await storedStates(phone.page, id(laptop))).toEqual(['read', 'read', 'read']);
  }, 200_000);

  it('refuses a replayed and a tampered ciphertext, counts them and loses nothing', async () => {
    const page = await openApp(phone, companion.url, '/#/messages');
    await recordFrames(page);
    const chat = await openConversation(laptop, companion.url, 'Phone');
    await sendMessage(chat, 'the one to replay');
    await expect.poll(async () => (await cipherFrames(page)).length, SLOW).toBe(1);
    const [genuine] = await cipherFrames(page);
    if (!genuine) throw new Error('no frame recorded');
    // Acknowledged first, so no retry of the laptop's own adds to the counts below.
    await expect
      .poll(async () => (await storedStates(chat, id(phone))).at(-1), SLOW)
      .toBe('delivered');
    const before = await call(page, 'messages.stats', undefined);
    // The very same frame again, from the laptop's real mesh: recognised, not shown twice.
    await sendRaw(chat, id(phone), genuine);
    await expect
      .poll(async () => (await call(page, 'messages.stats', undefined)).duplicate, SLOW)
      .toBe(before.duplicate + 1);
    // A changed copy of it: its key is spent, so it is a replay.
    const changed = [...genuine];
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
    await sendRaw(chat, id(phone), changed);
    await expect
      .poll(async () => (await call(page, 'messages.stats', undefined))['message-replayed'], SLOW)
      .toBe(before['message-replayed'] + 1);
    // A message number far ahead under the same ratchet key (header bytes 38..41 of the
    // ratchet message, after the frame's type byte): it does not open.
    const forged = [...genuine];
    forged[41] = ((forged[41] ?? 0) + 5) & 0xff;
    await sendRaw(chat, id(phone), forged);
    await expect
      .poll(async () => (await call(page, 'messages.stats', undefined))['message-rejected'], SLOW)
      .toBe(before['message-rejected'] + 1);
    // Nothing lost: the conversation goes on, and each message is there once.
    await sendMessage(chat, 'after the forgeries');
    await expect
      .poll(() => storedTexts(page, id(laptop)), SLOW)
      .toEqual([...WHILE_AWAY, 'the one to replay', 'after the forgeries']);
  }, 300_000);

  it('keeps a message to a contact out of every chain; a sent memory can be kept by the contact', async () => {
    const RECIPE = 'Recipe: lentil soup with lemon';
    const SECRET = 'Only for Friend: the key is under the mat';
    await capture(laptop, companion.url, RECIPE);
    const chat = await openConversation(laptop, companion.url, 'Friend');
    await sendMessage(chat, SECRET);
    await chat.getByRole('button', { name: 'Attach a memory' }).click();
    await chat.getByRole('button', { name: `Send this memory: ${RECIPE}` }).click();
    await bubbles(chat).filter({ hasText: RECIPE }).waitFor();
    const page = await openConversation(friend, companion.url, 'Laptop');
    await expect.poll(() => bubbles(page).count(), SLOW).toBe(2);
    await page.getByRole('button', { name: 'Keep as my memory' }).click();
    await page.getByRole('button', { name: 'Kept in your memories' }).waitFor();
    await expect.poll(() => memoryTexts(page), SLOW).toEqual([RECIPE]);
    await expect.poll(() => shownStates(chat), SLOW).toEqual(['read', 'read']);
    // The phone has the laptop's memories (one chain) but never the message to the contact.
    const other = await openApp(phone, companion.url, '/#/memories');
    await expect.poll(() => memoryTexts(other), SLOW).toContain(RECIPE);
    for (const p of [laptop.page, other]) {
      expect(await memoryTexts(p)).not.toContain(SECRET);
      const found = await call(p, 'memories.search', { query: 'mat' });
      expect(JSON.stringify(found)).not.toContain('under the mat');
    }
    const conversations = await call(other, 'messages.conversations', undefined);
    expect(conversations.map((c) => c.conversation)).toEqual([id(laptop)]);
  }, 300_000);
});
