import type { DevicesMessages } from '../en/devices.ts';

/** The Devices view: the device list, notices and pairing. */
export const devicesMessages: DevicesMessages = {
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
    syncBlocks: 'Der Verlauf deiner Erinnerungen wird abgeglichen: {done} von {total} Blöcken',
    syncContents:
      'Texte und Schlagwörter deiner Erinnerungen werden abgeglichen: {done} von {total}',
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
};
