/**
 * An uploaded audio file as 16 kHz mono: read with progress, decoded by the browser's own
 * decoders (WebAudio: wav, mp3, m4a/AAC, webm and ogg with Opus or Vorbis, as the browser
 * supports them) and resampled by an OfflineAudioContext, which filters properly.
 */
import { KianaError } from '@kiana/shared/errors';
import { SAMPLE_RATE } from '../../core/voice/resample.ts';

/** File types offered in the picker; the decoder has the last word. */
export const AUDIO_ACCEPT = '.wav,.mp3,.m4a,.webm,.ogg,.oga,.opus,audio/*';

/** Largest file read: two hours of high-quality audio. */
const MAX_BYTES = 512 * 1024 * 1024;

async function readWithProgress(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<ArrayBuffer> {
  const out = new Uint8Array(file.size);
  const reader = file.stream().getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, at);
    at += value.byteLength;
    onProgress(at / Math.max(1, file.size));
  }
  return out.buffer;
}

/** Decodes `file`; `onProgress` gets the fraction read. Unreadable audio is `audio-unsupported`. */
export async function decodeAudioFile(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<Float32Array> {
  if (file.size === 0 || file.size > MAX_BYTES) {
    throw new KianaError(
      'audio-unsupported',
      `${file.name}: ${file.size} bytes is not an audio file Kiana reads`,
    );
  }
  const bytes = await readWithProgress(file, onProgress);
  let decoded: AudioBuffer;
  try {
    decoded = await new AudioContext({ sampleRate: SAMPLE_RATE }).decodeAudioData(bytes);
  } catch (error) {
    throw new KianaError('audio-unsupported', `${file.name} could not be decoded`, {
      cause: error,
    });
  }
  const length = Math.ceil(decoded.duration * SAMPLE_RATE);
  if (length === 0) throw new KianaError('audio-unsupported', `${file.name} holds no audio`);
  // Mono by the context's own mixing (one output channel), at 16 kHz by its resampler.
  const offline = new OfflineAudioContext(1, length, SAMPLE_RATE);
  const source = offline.createBufferSource();
  source.buffer = decoded;
  source.connect(offline.destination);
  source.start();
  return (await offline.startRendering()).getChannelData(0).slice();
}
