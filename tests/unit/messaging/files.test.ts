/**
 * The pure parts of files in conversations: chunk sizes, chunk sealing bound to its file and
 * place, the `chunk`/`want`/`read-ack` frames, the file announcement in the envelope, and the
 * receiver's bookkeeping of what to ask for next.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { loadRatchetSuite, type RatchetSuite } from '../../../src/core/crypto/ratchet/suite.ts';
import { decodeEnvelope, encodeEnvelope } from '../../../src/core/messaging/envelope.ts';
import { missingChunks, WANT_WINDOW, WantWindow } from '../../../src/core/messaging/file-wants.ts';
import {
  CHUNK_BYTES,
  MAX_FILE_BYTES,
  checkFileBody,
  chunkCount,
  chunkLength,
  openChunk,
  sealChunk,
  type FileBody,
} from '../../../src/core/messaging/files.ts';
import { encodeFrame, parseFrame } from '../../../src/core/messaging/frames.ts';

let suite: RatchetSuite;
beforeAll(async () => {
  suite = await loadRatchetSuite();
});

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return error instanceof KianaError ? error.code : 'not a KianaError';
  }
  return 'no error';
};

const FILE: FileBody = {
  kind: 'file',
  name: 'report.pdf',
  mime: 'application/pdf',
  size: 3 * CHUNK_BYTES + 5,
  sha256: 'ab'.repeat(32),
  transfer: '01'.repeat(16),
};

describe('chunks of a file', () => {
  it('splits a file into 256 KiB chunks, the last one shorter, an empty file into one', () => {
    expect(chunkCount(0)).toBe(1);
    expect(chunkCount(CHUNK_BYTES)).toBe(1);
    expect(chunkCount(CHUNK_BYTES + 1)).toBe(2);
    expect(chunkCount(MAX_FILE_BYTES)).toBe(200);
    expect([0, 1, 2, 3].map((i) => chunkLength(FILE.size, i))).toEqual([
      CHUNK_BYTES,
      CHUNK_BYTES,
      CHUNK_BYTES,
      5,
    ]);
    expect(code(() => chunkLength(FILE.size, 4))).toBe('bad-message');
  });

  it('opens a sealed chunk only in its own file, at its own place, unchanged', () => {
    const key = suite.randomBytes(32);
    const transfer = suite.randomBytes(16);
    const at = { transfer, key, index: 2, count: 4 };
    const plain = suite.randomBytes(1000);
    const sealed = sealChunk(suite, at, plain);
    expect(openChunk(suite, at, sealed, 1000)).toEqual(plain);
    const changed = sealed.slice();
    changed[10] = (changed[10] ?? 0) ^ 1;
    const refusals = [
      () => openChunk(suite, at, changed, 1000),
      () => openChunk(suite, { ...at, index: 1 }, sealed, 1000),
      () => openChunk(suite, { ...at, count: 3 }, sealed, 1000),
      () => openChunk(suite, { ...at, transfer: suite.randomBytes(16) }, sealed, 1000),
      () => openChunk(suite, { ...at, key: suite.randomBytes(32) }, sealed, 1000),
      () => openChunk(suite, at, sealed, 999),
    ];
    expect(refusals.map(code)).toEqual(Array(6).fill('file-chunk-rejected'));
  });
});

describe('the announcement and the frames', () => {
  it('carries the file key inside the envelope and checks every field', () => {
    const key = suite.randomBytes(32);
    const back = decodeEnvelope(encodeEnvelope({ counter: 4, body: FILE, fileKey: key }));
    expect(back).toEqual({ counter: 4, body: FILE, fileKey: key });
    expect(code(() => checkFileBody({ ...FILE, size: MAX_FILE_BYTES + 1 }))).toBe('file-too-large');
    expect(code(() => checkFileBody({ ...FILE, transfer: 'xyz' }))).toBe('bad-message');
    expect(code(() => checkFileBody({ ...FILE, name: '  ' }))).toBe('bad-message');
    // An HTML page named as anything stays a type the browser will not render as ours.
    expect(checkFileBody({ ...FILE, mime: 'text/html; charset=utf-8' }).mime).toBe(
      'application/octet-stream',
    );
    // A name cannot hide its real extension behind a direction override.
    expect(checkFileBody({ ...FILE, name: 'photo\u202Egpj.exe' }).name).toBe('photogpj.exe');
    expect(checkFileBody({ ...FILE, name: '\u2067a\u2069.txt' }).name).toBe('a.txt');
    // A file announcement without its key is refused.
    const keyless = encodeEnvelope({ counter: 4, body: FILE });
    expect(code(() => decodeEnvelope(keyless))).toBe('bad-message');
  });

  it('marks a note to self for my other devices', () => {
    const body = { kind: 'text', text: 'milk' } as const;
    expect(decodeEnvelope(encodeEnvelope({ counter: 1, body, self: true }))).toEqual({
      counter: 1,
      body,
      self: true,
    });
  });

  it('round-trips chunk, want and read-ack frames and refuses malformed ones', () => {
    const frames = [
      { type: 'chunk', transfer: FILE.transfer, index: 7, bytes: new Uint8Array([1, 2, 3]) },
      { type: 'want', transfer: FILE.transfer, have: 5, indices: [5, 6, 9] },
      { type: 'read-ack', ids: ['cd'.repeat(32)] },
    ] as const;
    for (const f of frames) expect(parseFrame(encodeFrame(f))).toEqual(f);
    const want = encodeFrame(frames[1]);
    expect(code(() => parseFrame(want.subarray(0, want.length - 1)))).toBe('bad-message');
    const big = encodeFrame({ ...frames[0], bytes: new Uint8Array(CHUNK_BYTES + 17) });
    expect(code(() => parseFrame(big))).toBe('bad-message');
  });
});

describe('what the receiver asks for', () => {
  it('lists the missing chunks in order, up to a limit', () => {
    expect(missingChunks(6, [0, 2, 3], 10)).toEqual([1, 4, 5]);
    expect(missingChunks(6, [0, 2, 3], 2)).toEqual([1, 4]);
    expect(missingChunks(3, [0, 1, 2], 10)).toEqual([]);
  });

  it('keeps at most a window in flight, asks for more at half, again after a reset', () => {
    const w = new WantWindow();
    const missing = Array.from({ length: 100 }, (_, i) => i);
    const first = w.next(missing);
    expect(first).toEqual(missing.slice(0, WANT_WINDOW));
    expect(w.low).toBe(false);
    // Nothing more while the window is full, whatever is missing.
    expect(w.next(missing)).toEqual([]);
    for (const i of first.slice(0, WANT_WINDOW / 2)) w.arrived(i);
    expect(w.low).toBe(true);
    const rest = missing.slice(WANT_WINDOW / 2);
    expect(w.next(rest)).toEqual(missing.slice(WANT_WINDOW, WANT_WINDOW + WANT_WINDOW / 2));
    // A refused chunk is asked for again; a new channel forgets every question.
    w.forget(WANT_WINDOW - 1);
    expect(w.next(rest)).toEqual([WANT_WINDOW - 1]);
    w.reset();
    expect(w.next([3, 4])).toEqual([3, 4]);
  });
});
