/**
 * The fallback when no Piper voice is downloaded: the browser's own speech, limited to voices that
 * run on the device. Headless Chromium has no system voices (none came up with speech-dispatcher
 * installed either), so this file installs a STAND-IN `speechSynthesis` (and utterance class)
 * before the page loads: a
 * local German voice and a network English voice, recording what it is asked to speak. The app's
 * code under test (voice choice, rate, stop, the error without a local voice) is the real one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newMemoryId } from '@kiana/shared/ids';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';
import { call, storeReady } from './storage-rpc.ts';

const session = useSession({ name: 'laptop' }, { args: ['--models', 'test'] });
let page: Page;

const GERMAN = 'Morgen früh muss ich die Rechnung für die Werkstatt bezahlen.';
const ENGLISH = 'Remember to call the dentist about the appointment on Tuesday.';

/** Runs in the page before its scripts: the stand-in speech engine. */
const STAND_IN = `(() => {
  const voices = [
    { name: 'Local German', lang: 'de-DE', localService: true, default: true, voiceURI: 'local-de' },
    { name: 'Cloud English', lang: 'en-US', localService: false, default: false, voiceURI: 'cloud-en' },
  ];
  const spoken = [];
  let current = null;
  const synth = new EventTarget();
  Object.assign(synth, {
    getVoices: () => voices,
    speak(u) {
      spoken.push({ text: u.text, voice: u.voice && u.voice.name, rate: u.rate, lang: u.lang });
      current = u;
      // Speaking takes a while, so Stop can interrupt it; it ends on its own after 3 s.
      current.timer = setTimeout(() => { current = null; u.onend && u.onend(new Event('end')); }, 3000);
    },
    cancel() {
      if (!current) return;
      clearTimeout(current.timer);
      const u = current;
      current = null;
      const e = new Event('error');
      e.error = 'interrupted';
      u.onerror && u.onerror(e);
    },
    get speaking() { return current !== null; },
  });
  Object.defineProperty(window, 'speechSynthesis', { value: synth });
  // The real utterance only takes real SpeechSynthesisVoice objects, which no page can create.
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.voice = null; this.lang = ''; this.rate = 1; }
  };
  window.standInSpoken = spoken;
})();`;

beforeAll(async () => {
  await session.device.context.addInitScript(STAND_IN);
  page = await openApp(session.device, session.companion.url, '/#/memories');
  await storeReady(page);
  for (const text of [GERMAN, ENGLISH]) {
    await call(page, 'memories.put', { id: newMemoryId(), text, tags: [], source: 'typed' });
  }
});

async function open(text: string) {
  await page.getByRole('navigation').getByRole('link', { name: 'Memories' }).click();
  await page.getByRole('button', { name: new RegExp(`^${text.slice(0, 24)}`) }).click();
  const dialog = page.getByRole('dialog', { name: 'Memory' });
  await dialog.waitFor();
  return dialog;
}

describe('reading aloud without a downloaded voice', () => {
  it('uses a local system voice of the memory’s language, at the chosen rate, and stops', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Speaking rate').fill('1.5');
    await expect.poll(() => page.locator('output[for="speech-speed"]').innerText()).toBe('1.5×');
    const dialog = await open(GERMAN);
    await dialog.getByRole('button', { name: 'Read aloud' }).click();
    await expect
      .poll(() => dialog.getByText('Reading with this device’s own voice').isVisible())
      .toBe(true);
    const spoken = await page.evaluate('window.standInSpoken');
    expect(spoken).toEqual([{ text: GERMAN, voice: 'Local German', rate: 1.5, lang: 'de-DE' }]);
    await dialog.getByRole('button', { name: 'Stop reading' }).click();
    await dialog.getByRole('button', { name: 'Read aloud' }).waitFor();
    expect(await page.evaluate('speechSynthesis.speaking')).toBe(false);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('never uses a network voice: English with only a cloud voice says what to download', async () => {
    const dialog = await open(ENGLISH);
    await dialog.getByRole('button', { name: 'Read aloud' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').innerText())
      .toContain('Download a voice in Settings › Reading aloud');
    const spoken = await page.evaluate<{ voice: string }[]>('window.standInSpoken');
    expect(spoken.map((s) => s.voice)).not.toContain('Cloud English');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
