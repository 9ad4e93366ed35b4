/** Steps of the messaging browser tests, as a person does them, and reads of each store. */
import type { Locator, Page } from 'playwright-core';
import { openApp, type Device } from './devices.ts';
import { call, storeReady } from './storage-rpc.ts';

/** Opens Messages on `device` and the conversation named `name`. */
export async function openConversation(device: Device, base: string, name: string): Promise<Page> {
  const page = await openApp(device, base, '/#/messages');
  await page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click({ timeout: 60_000 });
  await page.getByRole('heading', { name, level: 2 }).waitFor();
  return page;
}

/** Types `text` into `Message` and presses `Send`; waits until the conversation shows it. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await bubbles(page).filter({ hasText: text }).waitFor();
}

/** The messages of the open conversation. */
export const bubbles = (page: Page): Locator => page.locator('li[data-message]');

/** The delivery state of each of my messages shown, in order. */
export async function shownStates(page: Page): Promise<string[]> {
  const states = await page.locator('li[data-message] [data-state]').all();
  return Promise.all(states.map(async (s) => (await s.getAttribute('data-state')) ?? ''));
}

/** The texts of a conversation as `page`'s store keeps them, in order. */
export async function storedTexts(page: Page, conversation: string): Promise<string[]> {
  await storeReady(page);
  return (await call(page, 'messages.list', { conversation })).map((m) =>
    m.body.kind === 'file' ? m.body.name : m.body.text,
  );
}

/** The states of a conversation's messages as `page`'s store keeps them, in order. */
export async function storedStates(page: Page, conversation: string): Promise<string[]> {
  return (await call(page, 'messages.list', { conversation })).map((m) => m.state);
}

/** The unread count the navigation's badge shows (0 without a badge). */
export async function badge(page: Page): Promise<number> {
  const b = page.getByRole('navigation').locator('[data-unread]');
  if ((await b.count()) === 0) return 0;
  return Number(await b.getAttribute('data-unread'));
}

/** Starts keeping the frames of topic `msg` the page's mesh receives (test build hook). */
export async function recordFrames(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const hooks = globalThis as unknown as { kianaTest: { recordMesh(t: string): Promise<void> } };
    await hooks.kianaTest.recordMesh('msg');
  });
}

/** The ciphertext frames of topic `msg` the page received so far, oldest first. */
export async function cipherFrames(page: Page): Promise<number[][]> {
  const frames = await page.evaluate(() => {
    const hooks = globalThis as unknown as {
      kianaTest: { meshFrames(t: string): { bytes: number[] }[] };
    };
    return hooks.kianaTest.meshFrames('msg').map((f) => f.bytes);
  });
  // Type byte 1: a ratchet message (receipts are 2 and 3).
  return frames.filter((f) => f[0] === 1);
}

/** Sends raw bytes on topic `msg` from `page`'s mesh to `peer`, as a hostile peer could. */
export async function sendRaw(page: Page, peer: string, bytes: number[]): Promise<void> {
  await page.evaluate(
    async ([p, b]) => {
      const hooks = globalThis as unknown as {
        kianaTest: { meshSend(peer: string, topic: string, bytes: number[]): Promise<void> };
      };
      await hooks.kianaTest.meshSend(p, 'msg', b);
    },
    [peer, bytes] as const,
  );
}
