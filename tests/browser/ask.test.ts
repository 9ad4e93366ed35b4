/**
 * Ask end to end, in real Chromium through the real companion: the extractive answer (no model)
 * quotes and cites the right memory; a chosen engine that is missing says so and still answers
 * with passages; the generated SmolLM2-layout test model, downloaded in Settings › Models, streams
 * an answer in the llm worker whose sources open the cited memories; `Stop answer` ends the
 * generation (the worker's own token count stays far below the budget, nothing arrives after,
 * and the worker takes the next question); Ollama answers stream through the companion's
 * /ollama/ proxy from a STAND-IN for Ollama on loopback, with follow-ups carrying the
 * conversation. Every request the browser makes goes to the companion's origin, and the
 * companion's proxy reaches only OLLAMA_HOST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newMemoryId } from '@kiana/shared/ids';
import {
  startOllamaStandIn,
  STANDIN_PIECES,
  type OllamaStandIn,
} from '../fixtures/ollama-standin.ts';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';
import { call, storeReady } from './storage-rpc.ts';

const LLM = 'Test model (SmolLM2 layout, text generation)';
const DENTIST =
  'Dentist appointment on Tuesday at 9 in the Weber practice. Bring the insurance card.';
const ZEBRA = 'The zebra at the zoo had a new foal this spring.';
const BREAD = 'Buy bread and milk on the way home.';
const QUESTION = 'When is the dentist appointment?';

let standIn: OllamaStandIn;
let companion: CompanionProcess;
let device: Device;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  standIn = await startOllamaStandIn();
  companion = await startCompanion({
    args: ['--models', 'test'],
    env: { OLLAMA_HOST: standIn.url },
  });
  device = await launchDevice({ name: 'laptop' });
  device.context.on('request', (r) => requested.push(r.url()));
  page = await openApp(device, companion.url, '/#/search');
  await storeReady(page);
  for (const text of [ZEBRA, DENTIST, BREAD]) {
    await call(page, 'memories.put', { id: newMemoryId(), text, tags: [], source: 'typed' });
  }
}, 120_000);

afterAll(async () => {
  await device.dispose();
  await companion.stop();
  await standIn.close();
});

const askState = <T>(expression: string): Promise<T> =>
  page.evaluate(`(() => { const a = kianaAsk(); return ${expression}; })()`);

async function goTo(view: 'Search' | 'Settings'): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: view }).click();
}

async function chooseEngine(label: string): Promise<void> {
  await goTo('Settings');
  await page.getByLabel('Engine for answers').selectOption({ label });
}

/** Asks in the Search view's Ask mode; returns the new answer's region once it is settled. */
async function ask(question: string): Promise<Locator> {
  await goTo('Search');
  const toggle = page.getByRole('button', { name: 'Ask', exact: true });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  const before = await page.getByRole('region', { name: 'Answer' }).count();
  await page.locator('#ask-question').fill(question);
  await page.getByRole('button', { name: 'Ask Kiana' }).click();
  const answer = page.getByRole('region', { name: 'Answer' }).nth(before);
  await answer.waitFor();
  return answer;
}

const settled = (answer: Locator) =>
  expect.poll(() => answer.getAttribute('data-settled'), { timeout: 60_000 }).toBe('true');

/** Records the distinct token counts the newest answer shows while it is written. */
function watchTokens(): Promise<void> {
  return page.evaluate(() => {
    const w = globalThis as unknown as {
      kianaAsk(): { answers: { status: string; tokens: number }[] };
      seenTokens: number[];
    };
    w.seenTokens = [];
    const timer = setInterval(() => {
      const a = w.kianaAsk().answers.at(-1);
      if (a?.status === 'answering' && !w.seenTokens.includes(a.tokens))
        w.seenTokens.push(a.tokens);
      if (a && a.status !== 'answering' && a.status !== 'retrieving') clearInterval(timer);
    }, 2);
  });
}

const seenTokens = () =>
  page.evaluate(() => (globalThis as unknown as { seenTokens: number[] }).seenTokens);

async function openCitation(answer: Locator, n: number): Promise<string> {
  await answer
    .getByRole('link', { name: `Memory ${n}` })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Memory' });
  await dialog.waitFor();
  const text = await dialog.innerText();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  return text;
}

describe('Ask', () => {
  it('answers without a model with the best passage, highlighted, citing the right memory', async () => {
    const answer = await ask(QUESTION);
    await settled(answer);
    expect(await answer.getAttribute('data-engine')).toBe('extractive');
    expect(await answer.getByRole('alert').count()).toBe(0);
    expect(await answer.locator('blockquote').first().innerText()).toBe(
      'Dentist appointment on Tuesday at 9 in the Weber practice.',
    );
    expect(await answer.locator('mark').allInnerTexts()).toEqual(['Dentist', 'appointment']);
    expect(await answer.innerText()).toContain('Best passages, no language model');
    expect(await answer.getByRole('button', { name: 'Read aloud' }).isVisible()).toBe(true);
    expect(await openCitation(answer, 1)).toContain(DENTIST);
  });

  it('says clearly when the chosen in-browser model is missing, and still answers with passages', async () => {
    await chooseEngine('In the browser');
    const answer = await ask('Where did the zebra foal live?');
    await settled(answer);
    expect(await answer.getByRole('alert').innerText()).toContain(
      'No language model is downloaded',
    );
    expect(await answer.getAttribute('data-engine')).toBe('extractive');
    expect(await answer.locator('blockquote').first().innerText()).toBe(ZEBRA);
    await page.getByRole('button', { name: 'New conversation' }).click();
    expect(await page.getByRole('region', { name: 'Answer' }).count()).toBe(0);
  });

  it('downloads the language model in Settings, and the llm worker loads it in idle time', async () => {
    await chooseEngine('Automatic: in the browser when a model is downloaded');
    const row = page.getByRole('region', { name: 'Models' }).getByRole('article', { name: LLM });
    await row.getByRole('button', { name: 'Download' }).click();
    await row
      .getByTestId('model-state')
      .filter({ hasText: /^Downloaded, in use$/ })
      .waitFor({ timeout: 90_000 });
    await expect
      .poll(() => page.evaluate('kianaLlm().isLoaded()'), { timeout: 120_000 })
      .toBe(true);
  }, 240_000);

  it('streams an answer from the in-browser model, whose sources open the memories used', async () => {
    await page.evaluate('kianaAsk().maxNewTokens = 24');
    await watchTokens();
    const answer = await ask(QUESTION);
    await settled(answer);
    expect(await answer.getAttribute('data-status')).toBe('done');
    expect(await answer.getAttribute('data-engine')).toBe('browser');
    expect(await answer.innerText()).toContain(`Answered in this browser by ${LLM}`);
    // Streamed: the answer grew in several steps before it was done.
    const seen = await seenTokens();
    expect(seen.filter((n) => n > 0).length).toBeGreaterThan(1);
    const tokens = Number(await answer.getAttribute('data-tokens'));
    expect(tokens).toBeGreaterThan(1);
    expect(tokens).toBeLessThanOrEqual(24);
    expect((await askState<string>('a.answers.at(-1).text')).length).toBeGreaterThan(0);
    // The retrieved memories are its numbered sources; [1] is the dentist's.
    expect(await openCitation(answer, 1)).toContain(DENTIST);
  }, 120_000);

  it('Stop answer ends the generation: nothing arrives after it, and the worker takes the next question', async () => {
    await page.evaluate('kianaAsk().maxNewTokens = 1024');
    const first = await ask('What did the zebra at the zoo have?');
    await expect
      .poll(() => first.getAttribute('data-tokens').then(Number), { timeout: 60_000 })
      .toBeGreaterThan(2);
    await first.getByRole('button', { name: 'Stop answer' }).click();
    await expect.poll(() => first.getAttribute('data-status')).toBe('stopped');
    await settled(first);
    // The worker's own count: generation ended long before the budget.
    const tokens = Number(await first.getAttribute('data-tokens'));
    expect(tokens).toBeLessThan(1024);
    const text = await askState<string>('a.answers.at(-1).text');
    await page.evaluate('kianaAsk().maxNewTokens = 6');
    const second = await ask('Anything about bread?');
    await settled(second);
    expect(await second.getAttribute('data-status')).toBe('done');
    expect(Number(await second.getAttribute('data-tokens'))).toBeGreaterThan(0);
    expect(Number(await first.getAttribute('data-tokens'))).toBe(tokens);
    expect(await askState<string>('a.answers.at(-2).text')).toBe(text);
    expect(await first.getAttribute('data-status')).toBe('stopped');
  }, 120_000);

  it('streams an Ollama answer through the companion, with citations and the conversation as context', async () => {
    await page.getByRole('button', { name: 'New conversation' }).click();
    await chooseEngine('Ollama on your network');
    const settings = page.getByRole('region', { name: 'Ask', exact: true });
    expect(await settings.innerText()).toContain('go to the machine that runs Ollama');
    await settings.getByRole('button', { name: 'Find Ollama models' }).click();
    await expect
      .poll(() => page.getByLabel('Ollama model').inputValue(), { timeout: 10_000 })
      .toBe('standin-llm:1b');
    await watchTokens();
    const answer = await ask(QUESTION);
    await settled(answer);
    expect(await answer.getAttribute('data-engine')).toBe('ollama');
    expect(await askState<string>('a.answers.at(-1).text')).toBe(STANDIN_PIECES.join(''));
    expect((await seenTokens()).filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(await answer.innerText()).toContain('Answered by Ollama (standin-llm:1b)');
    // The [1] Ollama wrote is a link to the memory it names.
    expect(await openCitation(answer, 1)).toContain(DENTIST);
    const chats = standIn.requests.filter((r) => r.path === '/api/chat');
    const sent = chats.at(-1)?.body as {
      model: string;
      stream: boolean;
      messages: { role: string; content: string }[];
    };
    expect(sent.model).toBe('standin-llm:1b');
    expect(sent.stream).toBe(true);
    expect(sent.messages.at(-1)?.content).toContain(`[1] ${DENTIST}`);

    const followUp = await ask('And what should I bring?');
    await settled(followUp);
    const next = standIn.requests.filter((r) => r.path === '/api/chat').at(-1)?.body as typeof sent;
    expect(next.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(next.messages[1]?.content).toBe(QUESTION);
    expect(next.messages[2]?.content).toBe(STANDIN_PIECES.join(''));
  });

  it('sends nothing anywhere but the companion, whose proxy reaches only OLLAMA_HOST', () => {
    const origin = new URL(companion.url).origin;
    const elsewhere = requested.filter(
      (url) => /^(https?|wss?):/.test(url) && new URL(url).origin !== origin,
    );
    expect(elsewhere).toEqual([]);
    expect(requested.some((url) => url.includes('/ollama/api/chat'))).toBe(true);
    expect(new Set(standIn.requests.map((r) => `${r.method} ${r.path}`))).toEqual(
      new Set(['GET /api/tags', 'POST /api/chat']),
    );
  });
});
