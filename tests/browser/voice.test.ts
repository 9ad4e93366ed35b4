/**
 * Voice capture end to end with the real speech-to-text worker (transformers.js Whisper on
 * onnxruntime-web WASM) and the micro Whisper test model the companion generates, downloaded
 * through the app's model manager. Audio is made at test time with espeak-ng and sox; Chromium's
 * fake microphone plays it. Random weights: the transcript's words mean nothing, so the test
 * checks what the app does with it (a voice memory appears), never the words.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertAudio, silenceWav, speechWav } from '../fixtures/audio.ts';
import { launchDevice, openApp } from './devices.ts';
import { useSession } from './session.ts';
import { call, storeReady } from './storage-rpc.ts';
import {
  downloadSpeechModel,
  openCapture,
  pendingRecordings,
  recordFor,
  transcript,
  voiceState,
} from './voice-ui.ts';

const SENTENCE = 'Ich muss morgen Milch kaufen und den Zahnarzt wegen des Termins anrufen.';
const dir = await mkdtemp(join(tmpdir(), 'kiana-voice-'));
const spoken = await speechWav(dir, 'spoken', SENTENCE, {
  voice: 'de',
  padSeconds: 2,
  rate: 48_000,
});
const quiet = await silenceWav(dir, 'quiet', 6);

const fakeMic = (file: string) => [
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-audio-capture=${file}`,
];
const session = useSession(
  { name: 'phone', args: fakeMic(spoken) },
  { args: ['--models', 'test'] },
);
let page: Page;

async function voiceMemories(): Promise<{ text: string }[]> {
  const { rows } = await call(page, 'memories.list', { offset: 0, limit: 100 });
  return rows.filter((m) => m.source === 'voice');
}

beforeAll(async () => {
  await session.device.context.grantPermissions(['microphone'], { origin: session.companion.url });
  page = await openApp(session.device, session.companion.url, '/#/settings');
  await storeReady(page);
  await downloadSpeechModel(page);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('voice capture', () => {
  it('records through the microphone, transcribes in the worker and saves a voice memory that Memories lists', async () => {
    await openCapture(page);
    await recordFor(page, 3);
    const text = await transcript(page);
    expect(text.trim()).not.toBe('');
    // Until saved, the recording waits in OPFS.
    expect(await pendingRecordings(page)).toBe(1);
    await page.getByRole('button', { name: 'Save as memory' }).click();
    await expect.poll(() => voiceMemories()).toHaveLength(1);
    await expect.poll(() => pendingRecordings(page)).toBe(0);
    await page.getByRole('navigation').getByRole('link', { name: 'Memories' }).click();
    const words = text.trim().split(/\s+/).slice(0, 3).join(' ');
    await page.getByRole('main').getByText(words).first().waitFor();
  });

  it('transcribes an uploaded ogg file with progress; refuses a file that is not audio', async () => {
    await openCapture(page);
    const ogg = await convertAudio(spoken, 'ogg');
    await page.getByTestId('voice-file').setInputFiles(ogg);
    expect((await transcript(page)).trim()).not.toBe('');
    const state = await voiceState(page);
    expect(state.read).toBe(1);
    expect(state.progress?.done).toBe(state.progress?.total);
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => pendingRecordings(page)).toBe(0);

    await page.getByTestId('voice-file').setInputFiles({
      name: 'notes.mp3',
      mimeType: 'audio/mpeg',
      buffer: Buffer.from('this is text, not audio'),
    });
    const alert = page.getByRole('region', { name: 'Speak a memory' }).getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('not audio this browser can read');
    await expect.poll(() => pendingRecordings(page)).toBe(0);
  });

  it('keeps a recording whose worker goes away mid-transcription and transcribes it in a new one', async () => {
    await openCapture(page);
    const long = await speechWav(dir, 'long', SENTENCE, { voice: 'de', padSeconds: 1, repeat: 8 });
    await page.getByTestId('voice-file').setInputFiles(long);
    // Ends the worker right after the first of its 30 s chunks is done.
    const total = await page.evaluate(`new Promise((resolve) => {
      const timer = setInterval(() => {
        const v = kianaVoice();
        if (v.phase === 'transcribing' && v.progress && v.progress.done >= 1) {
          clearInterval(timer);
          const total = v.progress.total;
          kianaSpeech().restart();
          resolve(total);
        }
      }, 2);
    })`);
    expect(total).toBeGreaterThan(1);
    expect(await pendingRecordings(page)).toBe(1);
    expect((await transcript(page)).trim()).not.toBe('');
    await page.getByRole('button', { name: 'Discard' }).click();
  });

  it('keeps a recording across a reload during transcription and transcribes it after', async () => {
    await openCapture(page);
    await page.getByTestId('voice-file').setInputFiles(join(dir, 'long.wav'));
    await expect.poll(async () => (await voiceState(page)).phase).toBe('transcribing');
    await page.reload();
    await storeReady(page);
    expect(await pendingRecordings(page)).toBe(1);
    await openCapture(page);
    expect((await transcript(page)).trim()).not.toBe('');
    await page.getByRole('button', { name: 'Save as memory' }).click();
    await expect.poll(() => voiceMemories()).toHaveLength(2);
    await expect.poll(() => pendingRecordings(page)).toBe(0);
  });

  it('says so when the microphone is denied, and records nothing', async () => {
    await session.device.context.clearPermissions();
    await openCapture(page);
    const voice = page.getByRole('region', { name: 'Speak a memory' });
    await voice.getByRole('button', { name: 'Record', exact: true }).click();
    await expect
      .poll(() => voice.getByRole('alert').innerText())
      .toContain('may not use the microphone');
    expect(await voice.getByRole('button', { name: 'Record', exact: true }).isEnabled()).toBe(true);
    await expect.poll(() => pendingRecordings(page)).toBe(0);
  });

  it('loads the speech model in idle time after a reload, before any use', async () => {
    await page.reload();
    await storeReady(page);
    expect(await pendingRecordings(page)).toBe(0);
    await expect
      .poll(() => page.evaluate('kianaSpeech().isLoaded()'), { timeout: 60_000 })
      .toBe(true);
  });

  it('shows the text heard so far while still recording, then saves the whole transcript', async () => {
    // The denied test above took the microphone away.
    await session.device.context.grantPermissions(['microphone'], {
      origin: session.companion.url,
    });
    const before = (await voiceMemories()).length;
    await openCapture(page);
    const voice = page.getByRole('region', { name: 'Speak a memory' });
    await voice.getByRole('button', { name: 'Record', exact: true }).click();
    const stop = voice.getByRole('button', { name: 'Stop recording' });
    await stop.waitFor();
    // The fake microphone plays 2 s of quiet, then the sentence: its first words are heard
    // and shown while the recording goes on.
    const heard = voice.getByRole('region', { name: 'Heard so far' });
    await heard.waitFor({ timeout: 120_000 });
    expect((await heard.innerText()).trim()).not.toBe('');
    expect((await voiceState(page)).phase).toBe('recording');
    expect(await stop.isVisible()).toBe(true);
    await stop.click();
    const text = await transcript(page);
    expect(text.trim()).not.toBe('');
    expect(await heard.count()).toBe(0);
    await page.getByRole('button', { name: 'Save as memory' }).click();
    await expect.poll(async () => (await voiceMemories()).length).toBe(before + 1);
    expect((await voiceMemories()).map((m) => m.text)).toContain(text.trim());
    await expect.poll(() => pendingRecordings(page)).toBe(0);
  }, 240_000);

  it('creates no memory from a silent recording', async () => {
    const silent = await launchDevice({ name: 'silent', args: fakeMic(quiet) });
    try {
      await silent.context.grantPermissions(['microphone'], { origin: session.companion.url });
      page = await openApp(silent, session.companion.url, '/#/settings');
      await storeReady(page);
      await downloadSpeechModel(page);
      await openCapture(page);
      await recordFor(page, 3);
      const voice = page.getByRole('region', { name: 'Speak a memory' });
      await expect.poll(() => voice.getByRole('status').innerText()).toContain('Nothing was said');
      expect(await voiceMemories()).toEqual([]);
      await expect.poll(() => pendingRecordings(page)).toBe(0);
    } finally {
      await silent.dispose();
    }
  });
});
