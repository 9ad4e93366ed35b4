import { describe, expect, it } from 'vitest';
import { KianaError, deserializeError, serializeError } from '@kiana/shared/errors';

describe('KianaError', () => {
  it('survives structured clone as code and message', () => {
    const cloned = structuredClone(serializeError(new KianaError('not-found', 'no such memory')));
    const back = deserializeError(cloned);
    expect(back).toBeInstanceOf(KianaError);
    expect(back.code).toBe('not-found');
    expect(back.message).toBe('no such memory');
  });

  it('maps a DOM QuotaExceededError to storage-quota', () => {
    const error = new DOMException('quota', 'QuotaExceededError');
    expect(serializeError(error).code).toBe('storage-quota');
  });

  it('refuses an unknown code from the other side', () => {
    expect(deserializeError({ code: 'made-up', message: 'x' }).code).toBe('bad-message');
    expect(deserializeError('nonsense').code).toBe('bad-message');
  });
});
