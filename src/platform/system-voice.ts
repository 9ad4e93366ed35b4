/**
 * The browser's own speech (`speechSynthesis`) as the fallback when no Piper voice is
 * downloaded, limited to voices that run on this device (`localService`): a network voice would
 * send the memory's text to a speech service.
 */
export function localVoice(lang: string): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  const voices = speechSynthesis.getVoices().filter((v) => v.localService);
  return voices.find((v) => v.lang.toLowerCase().startsWith(lang)) ?? null;
}

/** Speaks `text` with `voice`; resolves when done or cancelled. */
export function speakWith(
  voice: SpeechSynthesisVoice,
  text: string,
  rate: number,
  signal: AbortSignal,
) {
  return new Promise<void>((resolve, reject) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = rate;
    utterance.onend = () => resolve();
    utterance.onerror = (event) =>
      event.error === 'canceled' || event.error === 'interrupted'
        ? resolve()
        : reject(new Error(`speechSynthesis: ${event.error}`));
    signal.addEventListener('abort', () => speechSynthesis.cancel(), { once: true });
    speechSynthesis.speak(utterance);
  });
}

/** Voice lists load asynchronously in Chromium: waits (briefly) for the first list. */
export function voicesReady(): Promise<void> {
  if (typeof speechSynthesis === 'undefined' || speechSynthesis.getVoices().length > 0) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => resolve();
    speechSynthesis.addEventListener('voiceschanged', done, { once: true });
    setTimeout(done, 1000);
  });
}
