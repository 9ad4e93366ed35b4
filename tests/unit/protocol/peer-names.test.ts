import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { parseControl, toBase64Url } from '@kiana/shared/protocol';

const b64 = (n: number): string => toBase64Url(new Uint8Array(n));
const messages = {
  name: { t: 'name' },
  hello: { t: 'hello', v: 1, key: b64(32), session: 'a'.repeat(26), sig: b64(64) },
  'pair-request': {
    t: 'pair-request',
    v: 1,
    key: b64(32),
    box: b64(32),
    nonce: b64(32),
    mac: b64(32),
  },
  'pair-offer': {
    t: 'pair-offer',
    key: b64(32),
    box: b64(32),
    kind: 'device',
    nonce: b64(32),
    sig: b64(64),
  },
};

function code(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (e) {
    return e instanceof KianaError ? e.code : 'other';
  }
}

describe('names from peers', () => {
  for (const [type, message] of Object.entries(messages)) {
    it(`${type}: a name with markers, NUL or invisible characters is refused`, () => {
      const parse = (name: string) =>
        code(() => parseControl(JSON.stringify({ ...message, name })));
      expect(parse('Laptop')).toBe('ok');
      expect(parse('👩‍💻 Work')).toBe('ok');
      for (const name of [
        'Lap\uE000top\uE001',
        'Lap\0top',
        'Lap\u200btop',
        '\ufeffLaptop',
        'Laptop\u200d',
        '\u3164',
        ' Laptop',
        'a\u202eb',
      ]) {
        expect(parse(name), JSON.stringify(name)).toBe('bad-message');
      }
    });
  }
});

describe('a new name from a peer', () => {
  it('names no device: a message that tries to name one is refused', () => {
    const parse = (message: object) => code(() => parseControl(JSON.stringify(message)));
    expect(parse({ t: 'name', name: 'Phone' })).toBe('ok');
    expect(parse({ t: 'name', name: 'Phone', device: 'a'.repeat(26) })).toBe('bad-message');
    expect(parse({ t: 'name', name: 'Phone', key: b64(32) })).toBe('bad-message');
    expect(parse({ t: 'name' })).toBe('bad-message');
    expect(parse({ t: 'name', name: 42 })).toBe('bad-message');
  });
});
