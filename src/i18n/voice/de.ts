/** German strings of voice capture; typed against the English ones, so a missing key fails tsc. */
import type { voiceEn, voiceErrorsEn } from './en.ts';

type Strings<T> = { [K in keyof T]: string };

export const voiceDe: Strings<typeof voiceEn> = {
  title: 'Erinnerung sprechen',
  record: 'Aufnehmen',
  stop: 'Aufnahme beenden',
  upload: 'Audio hochladen',
  language: 'Gesprochene Sprache',
  level: 'Mikrofonpegel',
  recording: 'Aufnahme läuft… {seconds} s',
  reading: 'Datei wird gelesen…',
  loading: 'Spracherkennung wird gestartet…',
  transcribing: 'Wird verschriftet…',
  progress: 'Fortschritt',
  heardSoFar: 'Bisher gehört',
  transcript: 'Abschrift',
  save: 'Als Erinnerung speichern',
  discard: 'Verwerfen',
  saved: 'Gespeichert.',
  nothingSaid: 'In dieser Aufnahme wurde nichts gesagt, also wurde nichts gespeichert.',
  noModel:
    'Für die Spracherkennung wird das Whisper-Modell gebraucht: Lade es unter Einstellungen › Modelle herunter.',
  kept: 'Die Aufnahme bleibt auf diesem Gerät, bis sie verschriftet ist.',
  retry: 'Erneut verschriften',
  settingsTitle: 'Sprachnotizen',
  keepAudio: 'Audio von Sprach-Erinnerungen behalten',
  keepAudioHint:
    'Aus: Nur der Text bleibt, und eine Aufnahme wird gelöscht, sobald ihre Erinnerung gespeichert ist.',
};

export const voiceErrorsDe: Strings<typeof voiceErrorsEn> = {
  'mic-denied':
    'Kiana darf das Mikrofon nicht verwenden. Erlaube es in den Website-Einstellungen deines Browsers und drücke dann erneut auf Aufnehmen.',
  'mic-absent': 'Kein Mikrofon gefunden, oder eine andere App verwendet es.',
  'audio-unsupported':
    'Diese Datei ist kein Audio, das dieser Browser lesen kann (wav, mp3, m4a, webm oder ogg). Es wurde nichts geändert.',
};
