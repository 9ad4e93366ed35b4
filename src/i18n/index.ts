import { de } from './de/index.ts';
import { en, type Messages } from './en/index.ts';

export type { Messages };

/** The languages Kiana speaks; the first is the fallback. */
export const LANGS = ['en', 'de'] as const;
export type Lang = (typeof LANGS)[number];

export const catalogs: Record<Lang, Messages> = { en, de };

/** Dotted paths to every string leaf of `T`, e.g. `'nav.capture' | 'errors.timeout'`. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every key `t()` accepts; a typo is a type error. */
export type MessageKey = Leaves<Messages>;

/** Values substituted for `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** German for any `de*` browser language, English otherwise. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** Flattens a catalogue into dotted keys once, so `t()` is a single map lookup. */
export function flatten(messages: Messages): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const walk = (node: object, prefix: string): void => {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (typeof v === 'string') out.set(prefix + k, v);
      else if (typeof v === 'object' && v !== null) walk(v, `${prefix}${k}.`);
    }
  };
  walk(messages, '');
  return out;
}

/** Fills `{name}` placeholders; unknown placeholders stay visible so they get noticed. */
export function format(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
