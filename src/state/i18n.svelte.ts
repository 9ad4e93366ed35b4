/**
 * The current language and `t()`. Components call `i18n.t('nav.capture')` in markup; because
 * `t` reads `lang` (a `$state`), every string re-renders when the language changes.
 */
import { serializeError } from '@kiana/shared/errors';
import {
  catalogs,
  flatten,
  format,
  isLang,
  langFromLocale,
  type Lang,
  type MessageKey,
  type MessageParams,
} from '../i18n/index.ts';
import { formatBytes } from '../platform/storage-estimate.ts';
import { loadSetting, saveSetting } from './settings.ts';
import { readMirror, writeMirror } from './mirror.ts';

const flat: Record<Lang, ReadonlyMap<string, string>> = {
  en: flatten(catalogs.en),
  de: flatten(catalogs.de),
};

/** The mirrored choice, else the browser's language. */
function initialLang(): Lang {
  const mirrored = readMirror('language');
  if (isLang(mirrored)) return mirrored;
  return langFromLocale(typeof navigator === 'undefined' ? undefined : navigator.language);
}

export class I18n {
  lang = $state<Lang>(initialLang());

  constructor() {
    this.#apply();
  }

  /** The string for `key` in the current language (English when a key is missing at runtime). */
  t = (key: MessageKey, params?: MessageParams): string => {
    const template = flat[this.lang].get(key) ?? flat.en.get(key) ?? key;
    if (!params) return template;
    // Numbers are written the way the language writes them ("1,234.5" / "1.234,5"), so no
    // caller has to remember to: a number never reaches a message as String(n).
    const localized: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(params)) {
      localized[name] = typeof value === 'number' ? this.number(value) : value;
    }
    return format(template, localized);
  };

  /** `n` in the current language's digits and separators (at most `fraction` decimals). */
  number = (n: number, fraction: { min?: number; max?: number } = {}): string =>
    new Intl.NumberFormat(this.lang, {
      minimumFractionDigits: fraction.min ?? 0,
      maximumFractionDigits: Math.max(fraction.max ?? 3, fraction.min ?? 0),
    }).format(n);

  /** A size in bytes as the language writes it: "1.2 MB" / "1,2 MB" (decimal units). */
  bytes = (n: number): string => formatBytes(n, this.lang);

  /** The translated message for anything thrown, by its error code. */
  error = (error: unknown): string => this.t(`errors.${serializeError(error).code}`);

  /** Switches language now and remembers it. */
  async set(lang: Lang): Promise<void> {
    this.lang = lang;
    this.#apply();
    writeMirror('language', lang);
    try {
      await saveSetting('language', lang);
    } catch (error) {
      // The mirror still remembers it; failing to persist is not worth interrupting the person.
      console.warn('[i18n] could not save the language', error);
    }
  }

  /** Adopts the stored choice when the mirror was lost or disagrees (Dexie is the truth). */
  async restore(): Promise<void> {
    try {
      const stored = await loadSetting('language');
      if (stored && stored !== this.lang) {
        this.lang = stored;
        this.#apply();
        writeMirror('language', stored);
      }
    } catch (error) {
      console.warn('[i18n] could not read the language', error);
    }
  }

  #apply(): void {
    if (typeof document !== 'undefined') document.documentElement.lang = this.lang;
  }
}
