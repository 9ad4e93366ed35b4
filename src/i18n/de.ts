import type { Messages } from './en.ts';

/** German strings. Typed as `Messages`, so a missing or extra key fails `tsc`. */
export const de: Messages = {
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
  },
  search: {
    lede: 'Finde Erinnerungen über ihre Wörter. Setze eine Wortgruppe in "Anführungszeichen"; ein * am Wortende findet alle Wörter, die so beginnen (mül*).',
    label: 'Erinnerungen durchsuchen',
    results: 'Ergebnisse',
    idle: 'Tippe, um zu suchen. Umlaute und Akzente sind optional: „muller“ findet „Müller“.',
    searching: 'Sucht…',
    none: 'Keine Erinnerung passt zu „{query}“.',
    countOne: '1 Erinnerung gefunden',
    countOther: '{count} Erinnerungen gefunden',
  },
  memories: {
    lede: 'Alles, was du festgehalten hast, die neuesten zuerst.',
    list: 'Erinnerungen',
    countOne: '1 Erinnerung',
    countOther: '{count} Erinnerungen',
    empty: 'Noch keine Erinnerungen. Was du unter Erfassen speicherst, erscheint hier.',
    loading: 'Lädt…',
    edit: 'Bearbeiten',
    delete: 'Löschen',
    editTitle: 'Erinnerung bearbeiten',
    text: 'Text',
    save: 'Speichern',
    cancel: 'Abbrechen',
    deleted: 'Erinnerung gelöscht.',
    undo: 'Rückgängig',
    tags: 'Schlagwörter',
    created: 'Gespeichert {time}',
    sources: {
      typed: 'Getippt',
      voice: 'Sprache',
      import: 'Importiert',
      message: 'Nachricht',
    },
  },
  devices: {
    placeholder:
      'Das Koppeln von Geräten kommt mit der Kopplungsfunktion. Deine gekoppelten Telefone und Computer stehen dann hier.',
  },
  messages: {
    placeholder:
      'Nachrichten zwischen deinen Geräten kommen mit der Kopplungsfunktion. Sie werden Ende-zu-Ende-verschlüsselt.',
  },
  settings: {
    general: 'Allgemein',
    language: 'Sprache',
    theme: 'Design',
    themeSystem: 'System',
    themeLight: 'Hell',
    themeDark: 'Dunkel',
    storage: 'Speicher',
    persistent: 'Dauerhafter Speicher',
    persistentHint: 'Dauerhafter Speicher wird nicht gelöscht, wenn dem Browser der Platz ausgeht.',
    used: 'Belegt',
    available: 'Verfügbar',
    about: 'Über dieses Gerät',
    cores: 'CPU-Kerne',
    crossOriginIsolated: 'Cross-Origin-isoliert',
    webgpu: 'WebGPU',
    opfs: 'Origin Private File System',
    version: 'App-Version',
    build: 'Build',
    loading: 'Wird geprüft …',
  },
  data: {
    title: 'Daten',
    hint: 'Deine Erinnerungen liegen in einer SQLite-Datenbank in diesem Browser. Exportiere sie als Sicherung oder zum Umziehen; ein Import führt eine Sicherung zusammen, neuere Änderungen gewinnen.',
    count: 'Erinnerungen',
    size: 'Größe der Datenbank',
    engine: 'Gespeichert in',
    engineOpfs: 'Privates Dateisystem des Browsers ({vfs})',
    engineIdb: 'IndexedDB ({vfs}), langsamer',
    export: 'Datenbank exportieren',
    exporting: 'Exportiert…',
    exported: '{file} heruntergeladen.',
    import: 'Datenbank importieren',
    importing: 'Importiert…',
    imported: 'Importiert: {added} neu, {updated} aktualisiert, {skipped} übersprungen.',
    unchanged: 'Es wurde nichts verändert.',
  },
  device: {
    title: 'Gerät',
    name: 'Gerätename',
    hint: 'Deine anderen Geräte sehen diesen Namen, wenn du sie koppelst.',
    save: 'Speichern',
    saved: 'Gespeichert.',
  },
  banner: {
    idbTitle: 'Langsamerer Speicher aktiv.',
    failedTitle: 'Kiana kann gerade keine Erinnerungen speichern.',
    idb: 'Dieser Browser gibt Kiana kein privates Dateisystem (OPFS), darum liegen deine Daten stattdessen in IndexedDB. Es geht nichts verloren, es ist nur langsamer.',
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
  errors: {
    internal: 'In Kiana ist etwas schiefgegangen.',
    cancelled: 'Die Aktion wurde abgebrochen.',
    timeout: 'Das hat zu lange gedauert. Bitte versuche es noch einmal.',
    'bad-message': 'Kiana hat eine Nachricht erhalten, die es nicht versteht.',
    'unknown-method':
      'Dieser Teil von Kiana kennt diese Anfrage nicht. Lade die Seite neu, um zu aktualisieren.',
    'worker-crashed':
      'Ein Hintergrundteil von Kiana wurde beendet. Lade die Seite neu, um ihn neu zu starten.',
    'storage-quota': 'Der Browser hat keinen Speicherplatz mehr für Kiana. Gib etwas Platz frei.',
    'storage-unavailable':
      'Dieser Browser erlaubt Kiana hier nicht, Daten zu speichern (privater Modus?).',
    'storage-corrupt':
      'Kianas gespeicherte Daten sind beschädigt. Stelle sie von einem anderen Gerät oder einer Sicherung wieder her.',
    'storage-no-fts5': 'Der Datenbank dieses Browsers fehlt die Volltextsuche.',
    'storage-too-new':
      'Deine Daten stammen von einer neueren Kiana-Version. Aktualisiere Kiana, um sie zu öffnen.',
    'import-invalid': 'Diese Datei ist kein Kiana-Export.',
    'not-found': 'Das wurde nicht gefunden.',
    'model-missing': 'Das KI-Modell ist noch nicht heruntergeladen.',
    'peer-unknown': 'Dieses Gerät ist nicht mit dir gekoppelt.',
    'peer-offline': 'Dieses Gerät ist gerade nicht verbunden. Kiana versucht es weiter.',
    'pairing-used': 'Dieser Kopplungslink wurde schon benutzt. Lass dir einen neuen geben.',
    'pairing-expired': 'Dieser Kopplungslink ist abgelaufen. Lass dir einen neuen geben.',
    'pairing-mismatch':
      'Das antwortende Gerät passt nicht zu diesem Kopplungslink. Zu deiner Sicherheit wurde die Kopplung abgebrochen.',
    'pairing-refused': 'Das andere Gerät hat die Kopplung abgebrochen.',
    'pairing-no-answer':
      'Kein Gerät hat auf diesen Kopplungslink geantwortet. Prüfe, ob Kiana auf dem einladenden Gerät geöffnet ist, und versuche es noch einmal.',
    'pairing-invalid-link': 'Das ist kein gültiger Kopplungslink.',
    'clock-drift':
      'Die Uhr eines Geräts geht stark falsch. Prüfe Datum und Uhrzeit auf deinen Geräten.',
    'companion-offline': 'Der Companion-Server ist nicht erreichbar.',
    'block-malformed': 'Ein Gerät hat einen beschädigten Block gesendet. Er wurde ignoriert.',
    'block-oversized': 'Ein Gerät hat einen zu großen Block gesendet. Er wurde ignoriert.',
    'block-bad-signature':
      'Ein Block hatte eine gefälschte oder ungültige Signatur. Er wurde ignoriert.',
    'block-not-authority':
      'Ein Block kam von einem Gerät, das nicht (mehr) zu dir gehört. Er wurde ignoriert.',
    'block-bad-parent':
      'Ein Block passte nicht zu der Kette, die er fortsetzen wollte. Er wurde ignoriert.',
    'block-bad-tx-root': 'Der Inhalt eines Blocks passte nicht zu seinem Kopf. Er wurde ignoriert.',
    'block-bad-weight': 'Ein Block gab die falsche Reihenfolge an. Er wurde ignoriert.',
    'block-bad-time':
      'Die Zeit eines Blocks lag vor dem Block, den er fortsetzt. Er wurde ignoriert.',
    'block-future':
      'Ein Block ist zu weit in der Zukunft datiert. Prüfe Datum und Uhrzeit auf deinen Geräten.',
    'block-replayed': 'Ein Block wiederholte bereits erfasste Änderungen. Er wurde ignoriert.',
    'block-bad-content-hash':
      'Der Text einer Erinnerung passte nicht zu dem, was für sie erfasst wurde. Er wurde ignoriert.',
    'block-unknown-parent':
      'Ein Block kam vor den Blöcken an, auf denen er aufbaut. Kiana holt sie nach.',
    'tx-malformed': 'Ein Gerät hat eine beschädigte Änderung gesendet. Sie wurde ignoriert.',
    'tx-bad-signature':
      'Eine Änderung hatte eine gefälschte oder ungültige Signatur. Sie wurde ignoriert.',
    'tx-not-authority':
      'Eine Änderung kam von einem Gerät, das nicht (mehr) zu dir gehört. Sie wurde ignoriert.',
    'tx-future':
      'Eine Änderung ist zu weit in der Zukunft datiert. Prüfe Datum und Uhrzeit auf deinen Geräten.',
    'tx-invalid':
      'Eine Änderung verstieß gegen eine Regel deiner Gerätekette. Sie wurde ignoriert.',
    'sync-protocol':
      'Ein Gerät hat sich nicht an das Sync-Protokoll gehalten. Kiana synchronisiert nicht mehr mit ihm.',
    'sync-other-chain': 'Dieses Gerät gehört zu den Geräten einer anderen Person.',
  },
};
