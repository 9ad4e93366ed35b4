/**
 * Text to phonemes with espeak-ng in WebAssembly, as Piper does it (IPA, one line per clause).
 * The module is compiled once per worker; each call runs espeak-ng's command line in a fresh
 * instance of it (the command line exits after one text), which costs a few hundred ms, so the
 * whole text is phonemized in one call and the clauses are grouped into sentences afterwards.
 */
import ESpeakNg from 'espeak-ng';
import { KianaError } from '@kiana/shared/errors';
import { clauseMarks, sentencesOf } from '../../src/core/speech/clauses.ts';

export class Phonemizer {
  #module: Promise<WebAssembly.Module> | null = null;

  constructor(private readonly binary: () => Promise<ArrayBuffer>) {}

  private module(): Promise<WebAssembly.Module> {
    this.#module ??= this.binary().then((bytes) => WebAssembly.compile(bytes));
    this.#module.catch(() => (this.#module = null));
    return this.#module;
  }

  /** Sentences of phonemes of `text` in espeak voice `voice` (e.g. `de`, `en-us`). */
  async sentences(text: string, voice: string): Promise<string[]> {
    // Options must not be read from the text: espeak-ng takes the text as one argument after
    // `--`, so a memory starting with "-" is spoken, never parsed as a flag.
    const clean = text.replace(/\s+/g, ' ').trim();
    if (!clean) return [];
    const module = await this.module();
    const errors: string[] = [];
    let espeak;
    try {
      espeak = await ESpeakNg({
        arguments: ['--phonout', 'out', '-q', '-b', '1', '--ipa', '-v', voice, '--', clean],
        print: () => undefined,
        printErr: (line) => errors.push(line),
        instantiateWasm(imports, done) {
          void WebAssembly.instantiate(module, imports).then((instance) => done(instance, module));
          return {};
        },
      });
    } catch (error) {
      throw new KianaError(
        'voice-invalid',
        `espeak-ng failed: ${String(error)} ${errors.join(' ')}`,
      );
    }
    let out: string;
    try {
      out = espeak.FS.readFile('out', { encoding: 'utf8' });
    } catch {
      throw new KianaError('voice-invalid', `espeak-ng wrote no phonemes: ${errors.join(' ')}`);
    }
    // espeak-ng marks ties and syllable joins with zero-width joiners Piper never saw.
    const lines = out.replace(/\u200d/g, '').split('\n');
    return sentencesOf(lines, clauseMarks(clean));
  }
}
