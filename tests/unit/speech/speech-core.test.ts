/**
 * The pure parts of reading aloud: the voice config validator, Piper's phoneme-id layout,
 * clause marks put back onto espeak-ng's lines, sentence grouping, language detection and the
 * manifest's voice entries.
 */
import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { parseVoices, voiceKey } from '../../../src/core/models/voices.ts';
import { clauseMarks, sentencesOf } from '../../../src/core/speech/clauses.ts';
import { detectLanguage } from '../../../src/core/speech/language.ts';
import { phonemeIds } from '../../../src/core/speech/phoneme-ids.ts';
import { parseVoiceConfig } from '../../../src/core/speech/voice-config.ts';
import { piperConfig, PIPER_MICRO } from '../../fixtures/models/piper.ts';

const config = () =>
  piperConfig({ ...PIPER_MICRO, seed: 1 }, 'de', 'test') as Record<string, unknown>;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof KianaError ? error.code : 'other';
  }
  return 'none';
};

describe('voice config', () => {
  it('reads a Piper voice config', () => {
    const c = parseVoiceConfig(config());
    expect(c.sampleRate).toBe(16000);
    expect(c.espeakVoice).toBe('de');
    expect(c.lengthScale).toBe(1);
    expect(c.idMap.get('^')).toEqual([1]);
  });

  it.each([
    [
      'no pad',
      (c: Record<string, unknown>) => delete (c.phoneme_id_map as Record<string, unknown>)._,
    ],
    [
      'an id past num_symbols',
      (c: Record<string, unknown>) => ((c.phoneme_id_map as Record<string, unknown>).a = [9999]),
    ],
    [
      'a two-character phoneme',
      (c: Record<string, unknown>) => ((c.phoneme_id_map as Record<string, unknown>).ab = [3]),
    ],
    [
      'an odd sample rate',
      (c: Record<string, unknown>) => ((c.audio as Record<string, unknown>).sample_rate = 5),
    ],
    [
      'an espeak voice that is a flag',
      (c: Record<string, unknown>) => ((c.espeak as Record<string, unknown>).voice = '--path=/x'),
    ],
    [
      'a negative length scale',
      (c: Record<string, unknown>) => ((c.inference as Record<string, unknown>).length_scale = -1),
    ],
  ])('refuses %s with voice-invalid', (_, spoil) => {
    const c = config();
    spoil(c);
    expect(codeOf(() => parseVoiceConfig(c))).toBe('voice-invalid');
  });
});

describe('phoneme ids', () => {
  const map = parseVoiceConfig(config()).idMap;
  it('wraps in start and end with the pad after every phoneme, as Piper does', () => {
    const at = (p: string) => (map.get(p) as number[])[0];
    expect(phonemeIds('ab', map)).toEqual({
      ids: [at('^'), at('_'), at('a'), at('_'), at('b'), at('_'), at('$')],
      missing: 0,
    });
  });

  it('takes combining marks apart (NFD) and counts what the voice lacks', () => {
    const { ids, missing } = phonemeIds('ç☃', map);
    // ç → c + U+0327, both in the map; the snowman is skipped.
    expect(ids).toHaveLength(3 + 2 * 2);
    expect(missing).toBe(1);
  });
});

describe('clauses and sentences', () => {
  it('finds the marks that end clauses, not those inside numbers or words', () => {
    expect(clauseMarks('Das kostet 3,50 Euro, z.B. heute. Wirklich?! Ja… gut')).toEqual([
      ',',
      '.',
      '.',
      '?',
      '.',
    ]);
  });

  it('puts the marks back and groups clauses into sentences', () => {
    expect(sentencesOf(['a b', 'c', 'd', ''], [',', '.', '?'])).toEqual(['a b, c.', 'd?']);
    // A last clause without a mark still ends its sentence.
    expect(sentencesOf(['a', 'b'], ['.'])).toEqual(['a.', 'b.']);
  });

  it('ends every clause with a period when espeak split elsewhere', () => {
    expect(sentencesOf(['a', 'b', 'c', 'd'], ['!'])).toEqual(['a.', 'b.', 'c.', 'd.']);
  });
});

describe('language', () => {
  it('tells German from English and falls back when unsure', () => {
    expect(detectLanguage('Ich muss morgen noch die Rechnung für Frau Müller bezahlen', 'en')).toBe(
      'de',
    );
    expect(
      detectLanguage('Remember to call the dentist about the appointment on Tuesday', 'de'),
    ).toBe('en');
    expect(detectLanguage('Kiana 2026', 'de')).toBe('de');
    expect(detectLanguage('Kiana 2026', 'en')).toBe('en');
  });
});

describe('voices in the manifest', () => {
  const voice = {
    id: 'rhasspy/piper-voices',
    name: 'Thorsten',
    revision: 'v1.0.0',
    voice: 'de/de_DE/thorsten/medium/de_DE-thorsten-medium',
    language: 'de',
    files: [
      { path: 'de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx', bytes: null, sha256: null },
      {
        path: 'de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx.json',
        bytes: 10,
        sha256: 'a'.repeat(64),
      },
    ],
    license: 'CC0-1.0',
  };

  it('reads voices, unpinned files included, each named by repository, revision and path', () => {
    const [v] = parseVoices([voice]);
    expect(v && voiceKey(v)).toBe(
      'rhasspy/piper-voices@v1.0.0/de/de_DE/thorsten/medium/de_DE-thorsten-medium',
    );
    expect(parseVoices(undefined)).toEqual([]);
  });

  it.each([
    [
      'a path outside the voice',
      { files: [voice.files[0], { path: '../../x.onnx.json', bytes: 1, sha256: null }] },
    ],
    ['a voice path that climbs', { voice: '../secret' }],
    ['an unknown language', { language: 'fr' }],
    ['a bad sha256', { files: [voice.files[0], { ...voice.files[1], sha256: 'xyz' }] }],
  ])('refuses %s', (_, change) => {
    expect(codeOf(() => parseVoices([{ ...voice, ...change }]))).toBe('model-manifest-invalid');
  });

  it('refuses the same voice twice', () => {
    expect(codeOf(() => parseVoices([voice, voice]))).toBe('model-manifest-invalid');
  });
});
