import type { ShellMessages } from '../en/shell.ts';

/** The app shell: title, navigation, banners, update prompt, common words, language names. */
export const shellMessages: ShellMessages = {
  app: {
    name: 'Kiana',
    tagline: 'Deine private Assistentin',
    skipToContent: 'Zum Inhalt springen',
    navLabel: 'Haupt',
    titleSuffix: 'Kiana',
  },
  nav: {
    capture: 'Erfassen',
    search: 'Suche',
    memories: 'Erinnerungen',
    devices: 'Geräte',
    messages: 'Nachrichten',
    settings: 'Einstellungen',
  },
  common: {
    yes: 'Ja',
    no: 'Nein',
    unknown: 'Unbekannt',
    unsupported: 'Von diesem Browser nicht unterstützt',
  },
  update: {
    available: 'Update verfügbar',
    hint: 'Eine neue Version von Kiana ist bereit.',
    action: 'Aktualisieren',
    updating: 'Wird aktualisiert …',
  },
  languages: {
    en: 'English',
    de: 'Deutsch',
  },
  banner: {
    idbTitle: 'Langsamerer Speicher aktiv.',
    failedTitle: 'Kiana kann gerade keine Erinnerungen speichern.',
    idb: 'Dieser Browser gibt Kiana kein privates Dateisystem (OPFS), darum liegen deine Daten stattdessen in IndexedDB. Es geht nichts verloren, es ist nur langsamer.',
  },
};
