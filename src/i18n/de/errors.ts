import type { ErrorMessages } from '../en/errors.ts';
import { voiceErrorsDe } from '../voice/de.ts';

/** Every error code, as the UI shows it (packages/shared/src/errors.ts). */
export const errorMessages: ErrorMessages = {
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
    'file-too-large':
      'Diese Datei ist größer als 50 MB. Sende eine kleinere Datei oder teile sie auf.',
    'file-chunk-rejected':
      'Ein Teil dieser Datei wurde unterwegs verändert und abgelehnt. Er wird erneut angefordert; die Datei ist erst vollständig, wenn jeder Teil geprüft ist.',
    'file-corrupt':
      'Die empfangene Datei stimmt nicht mit dem Gesendeten überein und wurde nicht behalten. Bitte den Absender, sie erneut zu senden.',
    'file-quota':
      'Diese Datei wurde nicht geladen: Dateien aus dieser Unterhaltung belegen auf diesem Gerät schon 500 MB.',
    'voice-missing':
      'Es ist noch keine Stimme zum Vorlesen heruntergeladen. Lade eine in Einstellungen › Vorlesen herunter.',
    'voice-invalid':
      'Die Stimmdateien sind beschädigt oder keine Piper-Stimme. Lösche die Stimme und lade sie neu herunter.',
    'speech-unavailable':
      'Dieses Gerät hat keine Stimme zum Vorlesen in dieser Sprache. Lade eine Stimme in Einstellungen › Vorlesen herunter.',
    'llm-missing':
      'Für Antworten im Browser ist kein Sprachmodell heruntergeladen. Lade eines in Einstellungen › Modelle herunter oder wähle in Einstellungen › Fragen eine andere Antwortquelle. Hier sind stattdessen die besten Stellen.',
    'ollama-unreachable':
      'Ollama war über den Begleitdienst nicht erreichbar. Prüfe, ob der Begleitdienst mit gesetztem OLLAMA_HOST gestartet wurde und Ollama auf diesem Rechner läuft. Hier sind stattdessen die besten Stellen.',
    'ollama-refused':
      'Ollama hat die Frage abgelehnt (gibt es das gewählte Modell noch?). Hier sind stattdessen die besten Stellen.',
  },
};
