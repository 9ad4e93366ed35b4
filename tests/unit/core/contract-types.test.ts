/**
 * The contract types hold: a handler that answers the wrong type, or reads an argument its
 * contract does not declare, and a caller that passes the wrong arguments, fail to compile.
 * `npm run lint` type-checks this file; an unused `@ts-expect-error` would fail it.
 */
import { describe, expect, it } from 'vitest';
import { int, object, optional, string } from '../../../src/core/api/check.ts';
import {
  bindHandlers,
  method,
  type ArgsIn,
  type Handlers,
} from '../../../src/core/api/contract.ts';

const contract = {
  greet: method(object({ name: string(), times: optional(int(1, 3), 1) })).returns<string>(),
};

const good: Handlers<typeof contract> = {
  // `times` arrives filled in by the check, so the handler sees a number, never undefined.
  greet: ({ name, times }) => `hello ${name}`.repeat(times),
};

const wrongResult: Handlers<typeof contract> = {
  // @ts-expect-error: answers a number where the contract says string
  greet: () => 42,
};

const undeclaredArgument: Handlers<typeof contract> = {
  // @ts-expect-error: reads `age`, which the contract does not declare
  greet: ({ age }) => String(age),
};

// A caller may leave out `times` (it has a default) but not `name`.
const callerOk: ArgsIn<(typeof contract)['greet']> = { name: 'Ada' };
// @ts-expect-error: `name` is required
const callerMissing: ArgsIn<(typeof contract)['greet']> = { times: 2 };

describe('contract types', () => {
  it('runs the check, then the handler, with defaults filled in', async () => {
    const bound = bindHandlers(contract, good);
    await expect(bound.greet(callerOk)).resolves.toBe('hello Ada');
    await expect(bound.greet({ name: 'Ada', times: 2 })).resolves.toBe('hello Adahello Ada');
    await expect(bound.greet({ name: 'Ada', times: 9 })).rejects.toMatchObject({
      code: 'bad-message',
    });
    // The ill-typed handlers exist only for the compiler; they are never called.
    expect([wrongResult, undeclaredArgument, callerMissing]).toHaveLength(3);
  });
});
