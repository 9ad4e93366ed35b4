/**
 * Phonemes to the ids a Piper voice reads, as Piper builds them: start `^`, then every phoneme
 * followed by the pad `_`, then end `$`. Phonemes are taken per code point after NFD (so a
 * combining mark has its own id); a phoneme the voice does not know is skipped and counted.
 */
import type { VoiceConfig } from './voice-config.ts';

export interface PhonemeIds {
  readonly ids: number[];
  /** Phonemes the voice has no id for (skipped). */
  readonly missing: number;
}

export function phonemeIds(phonemes: string, map: VoiceConfig['idMap']): PhonemeIds {
  const at = (p: string) => map.get(p) as readonly number[];
  const pad = at('_');
  const ids: number[] = [...at('^'), ...pad];
  let missing = 0;
  for (const p of phonemes.normalize('NFD')) {
    const found = map.get(p);
    if (!found) {
      missing++;
      continue;
    }
    ids.push(...found, ...pad);
  }
  ids.push(...at('$'));
  return { ids, missing };
}
