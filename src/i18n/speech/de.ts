import type { SpeechMessages } from './en.ts';

export const speechMessages: SpeechMessages = {
  speech: {
    readAloud: 'Vorlesen',
    stopReading: 'Vorlesen beenden',
    preparing: 'Die Stimme wird vorbereitet …',
    reading: 'Satz {n} von {total} wird gelesen',
    readingSystem: 'Wird mit der geräteeigenen Stimme gelesen',
    voicesTitle: 'Vorlesen',
    voicesHint:
      'Kiana liest Erinnerungen mit einer Stimme vor, die auf diesem Gerät läuft. Eine Stimme wird einmal heruntergeladen (mit der Sprachausgabe, etwa {engine}), geprüft und funktioniert dann offline.',
    fallbackHint:
      'Ohne heruntergeladene Stimme nutzt Kiana die eigenen Stimmen dieses Geräts, und nur solche, die auf dem Gerät laufen – so verlässt kein Text das Gerät.',
    voiceFor: 'Stimme für {lang}',
    noVoice: 'Geräteeigene Stimme',
    speed: 'Sprechtempo',
    speedValue: '{value}×',
    download: 'Herunterladen',
    cancel: 'Abbrechen',
    delete: 'Löschen',
    absent: 'Nicht heruntergeladen',
    downloading: 'Wird heruntergeladen …',
    ready: 'Heruntergeladen',
    failed: 'Herunterladen fehlgeschlagen',
    progressLabel: 'Download von {name}',
    progress: '{loaded} von {total}',
    size: 'Größe',
    unknownSize: 'Noch nicht festgelegt',
    testVoice: 'Erzeugte Teststimme: Sie macht Töne, keine Wörter.',
    languages: { de: 'Deutsch', en: 'Englisch' },
    listFailed: 'Die Liste der Stimmen konnte nicht geladen werden.',
  },
};
