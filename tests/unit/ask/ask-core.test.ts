/**
 * Ask's pure parts: the retrieval query, the prompt (language, notes, turns), context fitting in
 * tokens, citation parsing, the extractive answer and Ollama's NDJSON.
 */
import { describe, expect, it } from 'vitest';
import { citedSources, parseCitations } from '../../../src/core/ask/citations.ts';
import { extractiveAnswer, passagesText, sentences } from '../../../src/core/ask/extractive.ts';
import { cut, fitPrompt, type CountTokens } from '../../../src/core/ask/fit.ts';
import { LineSplitter, parseChatLine, parseTags } from '../../../src/core/ask/ollama.ts';
import { buildMessages, NOT_IN_NOTES } from '../../../src/core/ask/prompt.ts';
import { contentWords, retrievalQuery } from '../../../src/core/ask/query.ts';
import { toFtsQuery } from '../../../src/core/memory/fts-query.ts';

const DENTIST = {
  id: 'm1',
  text: 'Dentist appointment on Tuesday at 9. Bring the insurance card.',
};
const ZEBRA = { id: 'm2', text: 'The zebra at the zoo had a new foal.' };
const GERMAN = { id: 'm3', text: 'Der Zahnarzttermin ist am Dienstag um neun Uhr.' };

describe('the retrieval query', () => {
  it('ORs the content words of a question, prefixes for long ones, and parses as a search query', () => {
    expect(contentWords('When is my dentist appointment?')).toEqual(['dentist', 'appointment']);
    expect(retrievalQuery('Wann ist der Zahnarzttermin?')).toBe('zahnarzttermin*');
    const query = retrievalQuery('When is the dentist appointment at the zoo?');
    expect(query).toBe('dentist* OR appointment* OR zoo');
    expect(toFtsQuery(query)).toContain('OR');
    expect(retrievalQuery('what is it?')).toBe('');
  });
});

describe('the prompt', () => {
  it('keeps to numbered notes in the question language and carries earlier turns', () => {
    const en = buildMessages('When is the dentist?', [DENTIST, ZEBRA], [], 'en');
    expect(en[0]?.role).toBe('system');
    expect(en[0]?.content).toContain('only the numbered notes');
    expect(en[0]?.content).toContain(NOT_IN_NOTES.en);
    expect(en.at(-1)?.content).toBe(
      `Notes:\n[1] ${DENTIST.text}\n[2] ${ZEBRA.text}\n\nQuestion: When is the dentist?`,
    );
    const de = buildMessages(
      'Und wann?',
      [GERMAN],
      [{ question: 'Zahnarzt?', answer: 'Dienstag [1]' }],
      'de',
    );
    expect(de.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(de[0]?.content).toContain(NOT_IN_NOTES.de);
    expect(de.at(-1)?.content).toMatch(
      /^Notizen:\n\[1\] Der Zahnarzttermin.*\n\nFrage: Und wann\?$/s,
    );
    expect(buildMessages('x', [], [], 'en').at(-1)?.content).toContain('(no notes found)');
  });
});

describe('fitting the context', () => {
  // A stand-in tokenizer: one token per word (a real one is passed in by the worker).
  const words: CountTokens = (messages) =>
    messages.reduce((n, m) => n + m.content.split(/\s+/).length + 4, 0);
  const long = { id: 'm9', text: Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ') };

  it('keeps everything when it fits', () => {
    const fitted = fitPrompt('q?', [DENTIST, ZEBRA], [], 'en', words, {
      contextTokens: 2000,
      answerTokens: 100,
    });
    expect(fitted.sources).toEqual([DENTIST, ZEBRA]);
    expect(fitted.promptTokens).toBe(words(fitted.messages));
  });

  it('trims a memory to what the window leaves, in tokens, and drops the ones after it', () => {
    const options = { contextTokens: 300, answerTokens: 64 };
    const fitted = fitPrompt('q?', [DENTIST, long, ZEBRA], [], 'en', words, options);
    expect(fitted.sources.map((s) => s.id)).toEqual(['m1', 'm9']);
    expect(fitted.sources[1]?.text.endsWith(' …')).toBe(true);
    expect(fitted.promptTokens).toBeLessThanOrEqual(300 - 64);
    // As many words as fit: one more would not.
    const kept = fitted.sources[1]?.text.split(' ').length ?? 0;
    expect(fitted.promptTokens + 2).toBeGreaterThan(300 - 64 - 1);
    expect(kept).toBeGreaterThan(100);
  });

  it('drops the oldest turns first when the conversation alone is too long', () => {
    const turn = (i: number) => ({ question: `question ${i}`, answer: long.text.slice(0, 800) });
    const fitted = fitPrompt('q?', [DENTIST], [turn(1), turn(2), turn(3)], 'en', words, {
      contextTokens: 300,
      answerTokens: 64,
    });
    expect(fitted.history.map((t) => t.question)).toEqual(['question 3']);
    expect(fitted.sources).toEqual([DENTIST]);
  });

  it('cuts at a word boundary', () => {
    expect(cut('one two three four', 9)).toBe('one two …');
    expect(cut('short', 9)).toBe('short');
  });
});

describe('citations', () => {
  it('splits an answer into text and citations of real sources only', () => {
    expect(parseCitations('On Tuesday [1], see also [2, 1]. Not [7].', 2)).toEqual([
      { kind: 'text', text: 'On Tuesday ' },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: ', see also ' },
      { kind: 'cite', n: 2 },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: '. Not [7].' },
    ]);
    expect(citedSources('[2] and [1][2]', 3)).toEqual([2, 1]);
    expect(parseCitations('', 2)).toEqual([]);
  });
});

describe('the extractive answer', () => {
  it('quotes the sentence that shares the most question words, with its source and highlights', () => {
    const passages = extractiveAnswer('When is the dentist appointment?', [ZEBRA, DENTIST]);
    expect(passages[0]).toEqual({
      n: 2,
      text: 'Dentist appointment on Tuesday at 9.',
      marks: [
        [0, 7],
        [8, 19],
      ],
    });
    expect(passages).toHaveLength(1);
    expect(passagesText(passages)).toBe('Dentist appointment on Tuesday at 9. [2]');
  });

  it('matches German compounds by prefix and falls back to the best memories without shared words', () => {
    expect(extractiveAnswer('Wann ist der Zahnarzttermin?', [ZEBRA, GERMAN])[0]?.n).toBe(2);
    const none = extractiveAnswer('Anything else?', [ZEBRA, DENTIST]);
    expect(none.map((p) => p.n)).toEqual([1, 2]);
    expect(sentences('One. Two!\nThree')).toEqual(['One.', 'Two!', 'Three']);
  });
});

describe("Ollama's wire format", () => {
  it('reads model names and NDJSON chat lines split anywhere', () => {
    expect(parseTags({ models: [{ name: 'llama3.2:3b' }, { name: 'bad name!' }, {}] })).toEqual([
      'llama3.2:3b',
    ]);
    expect(parseTags('nope')).toEqual([]);
    const splitter = new LineSplitter();
    const lines = [
      ...splitter.push('{"message":{"role":"assistant","content":"Hel'),
      ...splitter.push(
        'lo"},"done":false}\n{"message":{"content":" you"},"done":false}\n{"done":true}',
      ),
      ...splitter.end(),
    ];
    expect(lines.map(parseChatLine)).toEqual([
      { kind: 'piece', text: 'Hello' },
      { kind: 'piece', text: ' you' },
      { kind: 'done' },
    ]);
    expect(parseChatLine('{"error":"model not found"}')).toEqual({
      kind: 'error',
      message: 'model not found',
    });
    expect(parseChatLine('garbage')).toBeNull();
  });
});
