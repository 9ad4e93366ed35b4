import type { CaptureMessages } from '../en/capture.ts';

/** The Capture view. */
export const captureMessages: CaptureMessages = {
  capture: {
    lede: 'Halte einen Gedanken, eine Notiz oder alles fest, was du behalten willst. Es bleibt in diesem Browser.',
    text: 'Neue Erinnerung',
    tags: 'Schlagwörter',
    tagsHint: 'Optional, durch Kommas getrennt',
    save: 'Speichern',
    saving: 'Speichert…',
    shortcut: 'oder {keys} drücken',
    saved: 'Gespeichert.',
    recent: 'Zuletzt gespeichert',
    recentEmpty: 'Noch nichts gespeichert. Was du speicherst, erscheint hier.',
    failed: 'Nicht gespeichert – dein Text ist noch da.',
    refusedTitle: 'Dieser Browser lässt Kiana hier keine Erinnerungen aufbewahren.',
    refusedHelp:
      'Er verweigert Kiana seinen Speicher (IndexedDB), wie es private Fenster und manche Datenschutz-Einstellungen tun. Öffne Kiana in einem normalen Fenster oder erlaube dieser Seite in den Browser-Einstellungen, Daten zu speichern, und lade dann neu. Bis dahin kann nichts, was du hier schreibst, gespeichert werden.',
  },
};
