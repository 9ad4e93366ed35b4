/** Voice capture as a person drives it, shared by the voice browser tests. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const SPEECH_MODEL = 'Test model (Whisper layout, multilingual)';

/** Downloads the micro Whisper model through Settings › Models, as a person does. */
export async function downloadSpeechModel(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  const row = page
    .getByRole('region', { name: 'Models' })
    .getByRole('article', { name: SPEECH_MODEL });
  await row.getByRole('button', { name: 'Download' }).click();
  // A locator wait, not expect.poll: this runs in beforeAll too.
  await row
    .getByTestId('model-state')
    .filter({ hasText: /^Downloaded, in use$/ })
    .waitFor({ timeout: 60_000 });
}

export async function openCapture(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Capture' }).click();
  await page.getByRole('region', { name: 'Speak a memory' }).waitFor();
}

/** Records through the (fake) microphone for about `seconds`, then stops. */
export async function recordFor(page: Page, seconds: number): Promise<void> {
  const voice = page.getByRole('region', { name: 'Speak a memory' });
  await voice.getByRole('button', { name: 'Record', exact: true }).click();
  await voice.getByRole('button', { name: 'Stop recording' }).waitFor();
  const status = voice.getByRole('status');
  await expect
    .poll(async () => Number(/(\d+) s/.exec(await status.innerText())?.[1] ?? 0), {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(seconds);
  await voice.getByRole('button', { name: 'Stop recording' }).click();
}

/** The transcript offered for editing, once transcription is done. */
export async function transcript(page: Page): Promise<string> {
  const box = page.getByRole('textbox', { name: 'Transcript' });
  await box.waitFor({ timeout: 60_000 });
  return box.inputValue();
}

/** Recordings waiting in OPFS (voice/pending). */
export async function pendingRecordings(page: Page): Promise<number> {
  return page.evaluate(async () => {
    try {
      const root = await navigator.storage.getDirectory();
      const dir = await (await root.getDirectoryHandle('voice')).getDirectoryHandle('pending');
      const names: string[] = [];
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
        names.push(name);
      }
      return names.length;
    } catch {
      return 0;
    }
  });
}

/** The voice state's fields a test reads (test build: src/app/test-hooks.ts). */
export async function voiceState(
  page: Page,
): Promise<{ phase: string; read: number; progress: { done: number; total: number } | null }> {
  return page.evaluate(`(() => {
    const v = kianaVoice();
    return { phase: v.phase, read: v.read, progress: v.progress && { done: v.progress.done, total: v.progress.total } };
  })()`);
}
