import type { Messages } from './en.ts';
import { messagesDe } from './messages.de.ts';
import { voiceDe, voiceErrorsDe } from './voice/de.ts';
import { speechMessages } from './speech/de.ts';

/** German strings. Typed as `Messages`, so a missing or extra key fails `tsc`. */
export const de: Messages = {
  ...speechMessages,
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
    refusedTitle: 'Dieser Browser lässt Kiana hier keine Erinnerungen aufbewahren.',
    refusedHelp:
      'Er verweigert Kiana seinen Speicher (IndexedDB), wie es private Fenster und manche Datenschutz-Einstellungen tun. Öffne Kiana in einem normalen Fenster oder erlaube dieser Seite in den Browser-Einstellungen, Daten zu speichern, und lade dann neu. Bis dahin kann nichts, was du hier schreibst, gespeichert werden.',
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
    shown: '{shown} von {total} angezeigt',
    more: 'Mehr anzeigen',
    loadingMore: 'Lädt weitere…',
    byMeaning: 'Bedeutung',
    byWords: 'Wörter',
    foundBy: 'Gefunden über',
    needsModel:
      'Die Suche nach Bedeutung braucht das Modell „{name}“ ({size}). Die Stichwortsuche funktioniert auch ohne.',
    downloadModel: 'Modell herunterladen',
    semanticPartial: 'Die Suche nach Bedeutung umfasst bisher {embedded} von {total} Erinnerungen.',
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
    thisDevice: 'dieses Gerät',
    otherDevice: 'ein anderes Gerät',
    origin: 'Zuerst geschrieben auf',
    openTitle: 'Erinnerung',
    close: 'Schließen',
    createdAt: 'Gespeichert',
    editedAt: 'Zuletzt geändert',
    source: 'Wie',
    sources: {
      typed: 'Getippt',
      voice: 'Sprache',
      import: 'Importiert',
      message: 'Nachricht',
    },
  },
  devices: {
    lede: 'Deine gekoppelten Handys und Computer und die Menschen, denen du schreibst. Sie finden sich in deinem Netzwerk über den Companion; das Vertrauen beruht auf Schlüsseln, nicht auf dem Companion.',
    list: 'Geräte',
    empty: 'Noch keine Geräte gekoppelt. Kopple eines, um deine Erinnerungen abzugleichen.',
    kindDevice: 'Mein Gerät',
    kindContact: 'Kontakt',
    statusOnline: 'online',
    statusSuspect: 'unsicher',
    statusOffline: 'offline',
    rtt: '{ms} ms',
    lastSeen: 'Zuletzt gesehen {time}',
    neverSeen: 'Noch nicht gesehen',
    syncSyncing: 'Erinnerungen werden abgeglichen…',
    syncSynced: 'alle Erinnerungen abgeglichen',
    syncFailed: 'Erinnerungen konnten nicht abgeglichen werden',
    syncOffline: 'gleicht ab, sobald es zurück ist',
    syncNever: 'Erinnerungen noch nicht abgeglichen',
    unpair: 'Entkoppeln',
    unpairConfirm:
      '{name} entkoppeln? Sobald es erreichbar ist, vertraut es diesem Gerät dann auch nicht mehr.',
    remove: 'Gerät entfernen',
    removeConfirm:
      '{name} aus deinen Geräten entfernen? Es kann deine Erinnerungen dann weder abgleichen noch ändern und erfährt das, sobald es wieder da ist. Was es geschrieben hat, bleibt.',
    companionOffline:
      'Der Companion ist nicht erreichbar. Verbundene Geräte bleiben verbunden; neue werden gefunden, sobald er zurück ist.',
    notices: 'Hinweise',
    noticeStranger:
      'Ein Gerät, das nicht mit diesem gekoppelt ist, wollte sich verbinden. Es wurde abgewiesen.',
    noticeBadHello:
      'Eine Verbindung hat die Sicherheitsprüfung nicht bestanden (vielleicht sitzt jemand dazwischen). Sie wurde abgewiesen.',
    noticeRefusedByPeer:
      '{name} hat die Verbindung abgewiesen: Es ist nicht mehr mit diesem Gerät gekoppelt.',
    noticeUnpairedByPeer: '{name} hat die Kopplung aufgehoben, daher wurde sie auch hier entfernt.',
    noticeRemovedByPeer:
      'Aus deinen Geräten entfernt: {name} hat dieses Gerät entfernt. Es behält seine eigenen Erinnerungen, gleicht aber nicht mehr ab.',
  },
  pairing: {
    start: 'Gerät koppeln',
    title: 'Gerät koppeln',
    titleContact: 'Mit einer Person koppeln',
    kindDeviceHint:
      'Dein eigenes Handy oder dein Computer: Es bekommt alle deine Erinnerungen und hält sie abgeglichen.',
    kindContactHint:
      'Das Gerät eines anderen Menschen: Ihr könnt einander Nachrichten schicken; deine Erinnerungen bleiben bei dir.',
    needsCompanion:
      'Zum Koppeln braucht es den Companion, und er ist nicht erreichbar. Starte ihn (npm start) auf einem Computer in diesem Netzwerk und versuche es dann noch einmal.',
    retry: 'Noch einmal versuchen',
    localOnly:
      'Andere Geräte können diesen Link nicht öffnen: Der Companion bedient nur diesen Computer. Starte ihn für dein Netzwerk (ohne --host 127.0.0.1) und erstelle dann einen neuen Link.',
    trustFirst:
      'Zum ersten Mal auf dem Gerät? Installiere dort zuerst das Zertifikat des Companions:',
    hint: 'Scanne den Code mit dem anderen Gerät oder schicke ihm den Link. Der Link gilt einmal, für 5 Minuten.',
    kind: 'Koppeln als',
    qr: 'QR-Code zum Koppeln',
    link: 'Kopplungslink',
    copy: 'Kopieren',
    copied: 'Kopiert.',
    share: 'Teilen',
    done: 'Fertig',
    waiting: 'Warte auf das andere Gerät…',
    asking: '{name} erlauben?',
    askingHint:
      'Erlaube es nur, wenn du {name} selbst koppelst und beide Bildschirme dieselben Wörter zeigen:',
    allow: 'Erlauben',
    deny: 'Ablehnen',
    allowed: 'Erlaubt. Warte, bis {name} auf „Koppeln“ drückt…',
    denied: 'Abgelehnt. Dieser Link koppelt niemanden mehr; erstelle bei Bedarf einen neuen.',
    paired: 'Mit {name} gekoppelt.',
    refused: 'Ein Gerät konnte sich nicht koppeln: {reason}',
    dialogFinding: 'Suche das Gerät, das diesen Link erstellt hat…',
    dialogTitle: 'Mit {name} koppeln?',
    dialogKind: 'Als: {kind}',
    dialogSas: 'Prüfe, ob der andere Bildschirm dieselben Wörter zeigt:',
    confirm: 'Koppeln',
    cancel: 'Abbrechen',
    pairing: 'Koppelt…',
    waitingAllow: 'Warte, bis {name} es auf seinem Bildschirm erlaubt…',
    close: 'Schließen',
    failedTitle: 'Kopplung fehlgeschlagen',
  },

  messages: messagesDe,
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
    askPersistent: 'Um Dauerspeicher bitten',
    persistentDeclined:
      'Der Browser hat vorerst abgelehnt. Browser erlauben es Seiten, die installiert oder oft benutzt werden: Füge Kiana zum Startbildschirm oder zu den Lesezeichen hinzu und frage dann erneut.',
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
  models: {
    title: 'Modelle',
    hint: 'Kiana findet Erinnerungen nach ihrer Bedeutung mit einem Sprachmodell, das auf diesem Gerät läuft. Es wird einmal heruntergeladen, geprüft und funktioniert dann offline.',
    download: 'Herunterladen',
    pause: 'Pausieren',
    resume: 'Fortsetzen',
    delete: 'Löschen',
    absent: 'Nicht heruntergeladen',
    downloading: 'Wird heruntergeladen …',
    paused: 'Pausiert',
    ready: 'Heruntergeladen',
    inUse: 'Heruntergeladen, in Verwendung',
    failed: 'Herunterladen fehlgeschlagen',
    size: 'Größe',
    languages: 'Sprachen',
    license: 'Lizenz',
    testModel: 'Testmodell mit Zufallsgewichten: Es findet genaue Wiederholungen, keine Bedeutung.',
    progress: '{loaded} von {total}',
    speed: '{speed}/s, noch {left}',
    estimating: 'Restzeit wird geschätzt …',
    progressLabel: 'Download von {name}',
    seconds: '{n} s',
    minutes: '{n} min',
    sourceMirror: 'Von diesem Companion angeboten; die Dateien kommen zuerst von ihm.',
    sourceBundled:
      'Die Dateien kommen von diesem Companion, falls er sie hat, sonst von huggingface.co.',
    listError: 'Die Modellliste konnte nicht gelesen werden.',
    unknownSize: 'unbekannt',
    engine: 'Läuft auf {device} mit {threads} Thread(s); in {seconds} s geladen.',
    engineWasm: 'dem Prozessor (WebAssembly)',
    engineGpu: 'der Grafikkarte (WebGPU)',
    engineError: 'Das Modell konnte nicht gestartet werden.',
    needsConnection: 'Zum Herunterladen braucht es eine Internetverbindung; du bist offline.',
  },
  backfill: {
    title: 'Suche nach Bedeutung',
    status: '{embedded} von {total} Erinnerungen sind nach Bedeutung auffindbar.',
    working: 'Ältere Erinnerungen werden für die Suche nach Bedeutung vorbereitet …',
    pause: 'Pausieren',
    resume: 'Fortsetzen',
    paused: 'Pausiert.',
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
    imported: 'Importiert: {added} neu, {updated} aktualisiert.',
    skipped:
      '{skipped} ausgelassen: keine gültigen Erinnerungen (leerer Text, eine kaputte ID oder ein kaputtes Datum oder eine ID, die die Datei doppelt enthält).',
    importProgress: 'Importiert {done} von {total} Erinnerungen…',
    redated:
      '{redated} trugen ein Datum in der Zukunft und haben stattdessen das heutige bekommen.',
    unchanged: 'Es wurde nichts verändert.',
  },
  connection: {
    title: 'Verbindungen',
    hint: 'Nur nötig, wenn deine Geräte in verschiedenen Netzen sind, etwa ein Handy im Mobilfunk. Kiana nutzt keine öffentlichen Server: Trage deinen eigenen TURN-Server ein (etwa den coturn aus deploy/compose.yml).',
    turnUrl: 'TURN-Server',
    turnUrlHint: 'Zum Beispiel turn:192.168.1.10:3478',
    username: 'Benutzername',
    credential: 'Passwort',
    save: 'Speichern',
    saved: 'Gespeichert. Neue Verbindungen nutzen ihn.',
    invalid: 'Gib eine Adresse ein, die mit turn: oder turns: beginnt, oder lass das Feld leer.',
  },
  chain: {
    title: 'Kette',
    hint: 'Jede Änderung an deinen Erinnerungen wird vom Gerät signiert, auf dem sie entstand, und in einer kleinen Kette gespeichert, die nur deine eigenen Geräte teilen. Von gelöschten Erinnerungen bleibt dort nur ein Grabstein; ihre Worte werden gelöscht.',
    head: 'Spitze',
    height: 'Höhe',
    forks: 'Blöcke auf aufgelösten Gabelungen',
    pending: 'Änderungen, die auf einen Block warten',
    self: '{name} (dieses Gerät)',
    authority: 'Berechtigt',
    removed: 'Entfernt',
    advanced: 'Erweitert: Kettenspitze und Gabelungen',
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
  voice: voiceDe,
  errors: {
    ...voiceErrorsDe,
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
    'pairing-denied':
      'Das andere Gerät hat diese Kopplung nicht erlaubt, daher wurde nichts gekoppelt.',
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
    'tx-backdated':
      'Eine Geräteänderung war früher datiert, als sie gemacht werden konnte. Sie wurde ignoriert.',
    'device-removed':
      'Dieses Gerät wurde aus deinen Geräten entfernt. Es behält seine Erinnerungen, kann sie aber nicht mehr ändern.',
    'sync-protocol':
      'Ein Gerät hat sich nicht an das Sync-Protokoll gehalten. Kiana synchronisiert nicht mehr mit ihm.',
    'sync-other-chain': 'Dieses Gerät gehört zu den Geräten einer anderen Person.',
    'model-manifest-invalid':
      'Die Modellliste ist beschädigt. Lade die Seite neu oder starte den Companion neu.',
    'model-checksum':
      'Die heruntergeladene Modelldatei ist nicht die erwartete (Prüfsumme stimmt nicht). Nichts wurde behalten; versuche es erneut oder nutze eine andere Quelle.',
    'model-download':
      'Das Modell konnte nicht heruntergeladen werden. Prüfe die Verbindung und drücke erneut auf Herunterladen: Es geht dort weiter.',
    'model-load': 'Das Modell konnte auf diesem Gerät nicht gestartet werden.',
    'model-unpinned':
      'Für dieses Modell ist noch keine Prüfsumme hinterlegt, daher lädt Kiana es nicht aus dem Internet.',
    'vector-invalid':
      'Ein Vektor passt nicht zum Suchindex: falsche Länge oder kein endlicher Vektor ungleich null.',
    'vector-index-corrupt':
      'Der Index für die Suche nach Bedeutung ist beschädigt. Er muss aus den gespeicherten Erinnerungen neu aufgebaut werden.',
    'message-rejected':
      'Eine Nachricht ließ sich nicht öffnen: Sie wurde unterwegs verändert oder ist nicht für dieses Gerät bestimmt. Sie wurde verworfen.',
    'message-replayed': 'Eine Nachricht kam ein zweites Mal an. Die Kopie wurde ignoriert.',
    'voice-missing':
      'Es ist noch keine Stimme zum Vorlesen heruntergeladen. Lade eine in Einstellungen › Vorlesen herunter.',
    'voice-invalid':
      'Die Stimmdateien sind beschädigt oder keine Piper-Stimme. Lösche die Stimme und lade sie neu herunter.',
    'speech-unavailable':
      'Dieses Gerät hat keine Stimme zum Vorlesen in dieser Sprache. Lade eine Stimme in Einstellungen › Vorlesen herunter.',
  },
};
