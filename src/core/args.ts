/** Shared checks for RPC arguments: every refusal is `bad-message` naming the method. */
import { KianaError } from '@kiana/shared/errors';

export function bad(method: string, why: string): never {
  throw new KianaError('bad-message', `${method}: ${why}`);
}

/** `value` as an object of arguments, or `bad-message`. */
export function record(method: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null)
    return bad(method, 'arguments must be an object');
  return value as Record<string, unknown>;
}
