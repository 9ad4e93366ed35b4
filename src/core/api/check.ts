/**
 * The one kit for checking what crossed a boundary (`postMessage`, a BroadcastChannel, a file).
 * A `Check` takes an untrusted value and the place it came from, and returns the value as the
 * receiver may trust it — cleaned, defaults filled — or throws `bad-message` saying where and
 * why: "memories.put: text must be a string". Contracts (src/core/api/*.ts) build every worker
 * call's arguments from these, so a caller's argument type and the handler's parsed type are
 * both read off the same check and cannot drift apart.
 */
import { KianaError } from '@kiana/shared/errors';

declare const INPUT: unique symbol;

/**
 * Checks one value. `Out` is what the receiver gets; `In` what a sender may pass (optional keys,
 * values the check fills in). `In` exists only in the types.
 */
export type Check<Out, In = Out> = ((value: unknown, at: string) => Out) & {
  readonly [INPUT]?: In;
};
// `never` in the argument position accepts every check, whatever it produces.
export type AnyCheck = Check<unknown, never> | Check<unknown>;
export type OutOf<C> = C extends (value: unknown, at: string) => infer O ? O : never;
export type InOf<C> = C extends { readonly [INPUT]?: infer I } ? I : never;

/** Refuses `at` for `why`. */
export function fail(at: string, why: string): never {
  throw new KianaError('bad-message', `${at} ${why}`);
}

/** A check written by hand; `In` defaults to its result. */
export function check<Out, In = Out>(fn: (value: unknown, at: string) => Out): Check<Out, In> {
  return fn;
}

/** A string, at most `max` UTF-16 units, optionally matching `pattern`. */
export function string(options: { max?: number; pattern?: RegExp; what?: string } = {}) {
  const { max = Infinity, pattern, what = 'a string' } = options;
  return check<string>((v, at) => {
    if (typeof v !== 'string') return fail(at, `must be ${what}`);
    if (v.length > max) return fail(at, `exceeds ${max} chars`);
    if (pattern && !pattern.test(v)) return fail(at, `must be ${what}`);
    return v;
  });
}

/** A safe integer in `min..max`. */
export function int(min: number, max: number) {
  return check<number>((v, at) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max
      ? v
      : fail(at, `must be an integer in ${min}..${max}`),
  );
}

export const bool = check<boolean>((v, at) =>
  typeof v === 'boolean' ? v : fail(at, 'must be a boolean'),
);

/** One of a fixed list of values. */
export function oneOf<const T extends readonly (string | number)[]>(values: T) {
  return check<T[number]>((v, at) =>
    values.includes(v as T[number])
      ? (v as T[number])
      : fail(at, `must be one of ${values.join(', ')}`),
  );
}

/** A `Uint8Array`, of exactly `length` bytes when given. */
export function bytes(length?: number) {
  return check<Uint8Array>((v, at) => {
    if (!(v instanceof Uint8Array)) return fail(at, 'must be a Uint8Array');
    if (length !== undefined && v.length !== length) return fail(at, `must be ${length} bytes`);
    return v;
  });
}

/** An array of at most `max` items, each checked by `item`. */
export function array<C extends AnyCheck>(item: C, max: number) {
  return check<OutOf<C>[], readonly InOf<C>[]>((v, at) => {
    if (!Array.isArray(v) || v.length > max) {
      return fail(at, `must be an array of at most ${max}`);
    }
    return v.map((x: unknown, i) => item(x, `${at}[${i}]`) as OutOf<C>);
  });
}

/**
 * `inner`, or `fallback` when the value is absent (`undefined`). Without a fallback the key stays
 * absent in the result.
 */
export function optional<C extends AnyCheck>(
  inner: C,
): Check<OutOf<C> | undefined, InOf<C> | undefined>;
export function optional<C extends AnyCheck>(
  inner: C,
  fallback: OutOf<C> | (() => OutOf<C>),
): Check<OutOf<C>, InOf<C> | undefined>;
export function optional<C extends AnyCheck>(
  inner: C,
  fallback?: OutOf<C> | (() => OutOf<C>),
): Check<OutOf<C> | undefined, InOf<C> | undefined> {
  return check((v, at) => {
    if (v !== undefined) return inner(v, at) as OutOf<C>;
    return typeof fallback === 'function' ? (fallback as () => OutOf<C>)() : fallback;
  });
}

/** `inner`, or null when the value is null or absent. */
export function nullable<C extends AnyCheck>(inner: C) {
  return check<OutOf<C> | null, InOf<C> | null | undefined>((v, at) =>
    v === undefined || v === null ? null : (inner(v, at) as OutOf<C>),
  );
}

type Shape = Record<string, AnyCheck>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type MaybeKeys<S, F extends 'in' | 'out'> = {
  [K in keyof S]: undefined extends (F extends 'in' ? InOf<S[K]> : OutOf<S[K]>) ? K : never;
}[keyof S];
/** The checked object: keys whose check may yield `undefined` are optional (and left out). */
export type ObjectOut<S extends Shape> = Simplify<
  { readonly [K in Exclude<keyof S, MaybeKeys<S, 'out'>>]: OutOf<S[K]> } & {
    readonly [K in MaybeKeys<S, 'out'>]?: Exclude<OutOf<S[K]>, undefined>;
  }
>;
/** What a sender passes: keys whose check accepts `undefined` may be left out. */
export type ObjectIn<S extends Shape> = Simplify<
  { readonly [K in Exclude<keyof S, MaybeKeys<S, 'in'>>]: InOf<S[K]> } & {
    readonly [K in MaybeKeys<S, 'in'>]?: InOf<S[K]>;
  }
>;

/**
 * A plain object with the keys of `shape`, each checked. Unknown keys are dropped, not refused:
 * a newer tab may send more than this worker knows. `at` names the call ("memories.put"); each
 * key is reported as "memories.put: text".
 */
export function object<S extends Shape>(shape: S): Check<ObjectOut<S>, ObjectIn<S>> {
  return check((v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      return fail(`${at}:`, 'arguments must be an object');
    }
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(shape)) {
      const value = inner(input[key], at.includes(':') ? `${at}.${key}` : `${at}: ${key}`);
      if (value !== undefined) out[key] = value;
    }
    return out as ObjectOut<S>;
  });
}

/**
 * `object(shape)`, where leaving the whole object out means "all defaults" (for calls whose
 * arguments are all optional).
 */
export function options<S extends Shape>(shape: S): Check<ObjectOut<S>, ObjectIn<S> | undefined> {
  const inner = object(shape);
  return check((v, at) => inner(v ?? {}, at));
}

/** Arguments of a call that takes none: `undefined` or an object, whatever it holds. */
export const none = check<undefined, undefined | Record<string, never>>(() => undefined);

/** `inner`, then a further rule over the checked value (which may also transform it). */
export function refine<C extends AnyCheck, T = OutOf<C>>(
  inner: C,
  rule: (value: OutOf<C>, at: string) => T,
): Check<T, InOf<C>> {
  return check((v, at) => rule(inner(v, at) as OutOf<C>, at));
}
