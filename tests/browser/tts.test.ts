/**
 * Reading aloud end to end: the generated Piper-contract test voices (served by the companion's
 * /models/ mirror for `--models test`), downloaded in Settings › Reading aloud with the espeak-ng wasm
 * and the onnxruntime build; real espeak-ng phonemes (checked against Debian's espeak-ng) run
 * through the voice in the real tts worker; the samples that come out are checked; the memory
 * dialog's `Read aloud` plays sentence by sentence and `Stop reading` stops it. Without a voice
 * (and, in this headless Chromium, without system voices) the button says what to download.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newMemoryId } from '@kiana/shared/ids';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';
import { call, storeReady } from './storage-rpc.ts';

const session = useSession({ name: 'laptop' }, { args: ['--models', 'test'] });
let page: Page;

const GERMAN = 'Test voice (German)';
const SHORT = 'Kurz gesagt, alles ist gut bei Müllers.';
const LONG =
  'Guten Morgen, Frau Müller. Wie geht es Ihnen heute? Das Treffen ist am Dienstag. Bitte bringen Sie die Unterlagen mit! Danach gehen wir gemeinsam essen.';
// The micro voice's graph: every phoneme id becomes 4 frames × length scale, each frame 64 samples.
const FRAMES_PER_ID = 4;
const HOP = 64;

interface Synth {
  sentences: string[];
  audio: {
    length: number;
    ids: number;
    rms: number;
    peak: number;
    finite: boolean;
    rate: number;
  }[];
}

/** Phonemizes and synthesizes `text` through the real worker; returns what came out. */
function synthesize(text: string, speed = 1): Promise<Synth> {
  return page.evaluate(
    async ({ text, speed }) => {
      const w = globalThis as unknown as {
        kianaSpeaker(): { call(m: string, a: object): Promise<unknown> };
        kianaVoices(): { voiceFor(l: string): unknown };
      };
      const client = w.kianaSpeaker();
      await client.call('tts.load', { voice: w.kianaVoices().voiceFor('de') });
      const { sentences } = (await client.call('tts.phonemize', { text })) as {
        sentences: string[];
      };
      const audio = [];
      for (const phonemes of sentences) {
        const a = (await client.call('tts.synthesize', { phonemes, speed })) as {
          samples: Float32Array;
          sampleRate: number;
        };
        let sum = 0;
        let peak = 0;
        let finite = true;
        for (const s of a.samples) {
          if (!Number.isFinite(s)) finite = false;
          sum += s * s;
          peak = Math.max(peak, Math.abs(s));
        }
        // Ids as Piper builds them: ^ _ (phoneme _)* $, per code point after NFD.
        const ids = 3 + 2 * Array.from(phonemes.normalize('NFD')).length;
        audio.push({
          length: a.samples.length,
          ids,
          rms: Math.sqrt(sum / a.samples.length),
          peak,
          finite,
          rate: a.sampleRate,
        });
      }
      return { sentences, audio };
    },
    { text, speed },
  );
}

async function openMemory(text: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Memories' }).click();
  await page
    .getByRole('button', { name: new RegExp(`^${text.slice(0, 20)}`) })
    .first()
    .click();
  await page.getByRole('dialog', { name: 'Memory' }).waitFor();
}

async function closeMemory(): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Memory' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

const readAloud = <T>(fn: string): Promise<T> =>
  page.evaluate(`(() => { const r = kianaReadAloud(); return ${fn}; })()`);

beforeAll(async () => {
  page = await openApp(session.device, session.companion.url, '/#/settings');
  await storeReady(page);
  for (const text of [SHORT, LONG]) {
    await call(page, 'memories.put', { id: newMemoryId(), text, tags: [], source: 'typed' });
  }
});

describe('reading aloud with a Piper voice', () => {
  it('says what to download when no voice is there', async () => {
    await openMemory(SHORT);
    const dialog = page.getByRole('dialog', { name: 'Memory' });
    await dialog.getByRole('button', { name: 'Read aloud' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').innerText(), { timeout: 10_000 })
      .toContain('no voice for reading aloud in this language');
    expect(await dialog.getByRole('button', { name: 'Read aloud' }).isVisible()).toBe(true);
    await closeMemory();
  });

  it('downloads a voice with progress, with the speech engine it needs', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    const row = page
      .getByRole('region', { name: 'Reading aloud' })
      .getByRole('article', { name: GERMAN });
    await row.waitFor();
    expect(await row.getByTestId('voice-state').innerText()).toBe('Not downloaded');
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    // A slow link, so the progress bar can be seen moving.
    const cdp = await session.device.context.newCDPSession(page);
    await cdp.send('Network.enable');
    const throttle = (bytesPerSecond: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: bytesPerSecond,
        uploadThroughput: -1,
      });
    await throttle(2 * 1024 * 1024);
    await row.getByRole('button', { name: 'Download' }).click();
    const bar = row.getByRole('progressbar', { name: `Download of ${GERMAN}` });
    await expect
      .poll(() => bar.getAttribute('value').then(Number), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(Number(await bar.getAttribute('max'))).toBeGreaterThan(18_000_000);
    await throttle(-1);
    await expect
      .poll(() => row.getByTestId('voice-state').innerText(), { timeout: 60_000 })
      .toBe('Downloaded');
    expect(fetched.some((p) => p.endsWith('de_DE-kiana_test-micro.onnx'))).toBe(true);
    expect(fetched.some((p) => /\/assets\/espeak-ng-[\w-]+\.wasm$/.test(p))).toBe(true);
    // The German voice is now the one chosen for German.
    expect(await page.getByLabel('Voice for German').inputValue()).toContain(
      'de_DE-kiana_test-micro',
    );
  });

  it('speaks espeak-ng phonemes through the voice: real samples, longer text gives longer audio', async () => {
    const short = await synthesize(SHORT);
    const long = await synthesize(LONG);
    // The same phonemes as Debian's espeak-ng (an outside reference), one line per clause.
    const debian = execFileSync('espeak-ng', ['-q', '--ipa', '-v', 'de', SHORT], {
      encoding: 'utf8',
    })
      .replace(/\u200d/g, '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(short.sentences).toEqual([`${debian[0]}, ${debian[1]}.`]);
    expect(long.sentences).toHaveLength(5);
    for (const a of [...short.audio, ...long.audio]) {
      expect(a.rate).toBe(16000);
      expect(a.finite).toBe(true);
      expect(a.peak).toBeLessThanOrEqual(1);
      expect(a.rms).toBeGreaterThan(1e-3);
      expect(a.length).toBe(a.ids * FRAMES_PER_ID * HOP);
    }
    const total = (s: Synth) => s.audio.reduce((n, a) => n + a.length, 0);
    expect(total(long)).toBeGreaterThan(3 * total(short));
    // Twice the speed: half the frames (rounded up per sentence).
    const fast = await synthesize(SHORT, 2);
    expect(fast.audio[0]?.length).toBe(
      Math.ceil(((short.audio[0]?.ids ?? 0) * FRAMES_PER_ID) / 2) * HOP,
    );
  });

  it('reads a memory sentence by sentence and Stop reading stops it', async () => {
    await openMemory(SHORT);
    let dialog = page.getByRole('dialog', { name: 'Memory' });
    const before = await readAloud<number>('r.scheduledSamples');
    await dialog.getByRole('button', { name: 'Read aloud' }).click();
    await dialog.getByRole('button', { name: 'Stop reading' }).waitFor();
    // It played to the end on its own: the button is back, every sentence went to the output.
    await dialog.getByRole('button', { name: 'Read aloud' }).waitFor({ timeout: 30_000 });
    expect(await readAloud<number>('r.sentencesPlayed')).toBe(1);
    expect(await readAloud<number>('r.scheduledSamples')).toBeGreaterThan(before);
    await closeMemory();

    await openMemory(LONG);
    dialog = page.getByRole('dialog', { name: 'Memory' });
    await dialog.getByRole('button', { name: 'Read aloud' }).click();
    await expect
      .poll(() => readAloud<number>('r.sentencesPlayed'), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Stop reading' }).click();
    await dialog.getByRole('button', { name: 'Read aloud' }).waitFor();
    const stoppedAt = await readAloud<number>('r.scheduledSamples');
    const played = await readAloud<number>('r.sentencesPlayed');
    expect(played).toBeLessThan(5);
    // Nothing more is made or scheduled after Stop.
    await page.waitForTimeout(1500);
    expect(await readAloud<number>('r.scheduledSamples')).toBe(stoppedAt);
    expect(await readAloud<number>('r.sentencesPlayed')).toBe(played);
    expect(await readAloud<unknown>('r.reading')).toBeNull();
    await closeMemory();
  });

  it('loads the downloaded voice in idle time after a reload, before anything is read', async () => {
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await expect
      .poll(() => readAloud<string | null>('r.voiceLoaded'), { timeout: 30_000 })
      .toContain('de_DE-kiana_test-micro');
    expect(await readAloud<number>('r.sentencesPlayed')).toBe(0);
  });
});
