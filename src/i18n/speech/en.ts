/** Strings of reading aloud (memories) and Settings › Reading aloud. */
export const speechMessages = {
  speech: {
    readAloud: 'Read aloud',
    stopReading: 'Stop reading',
    preparing: 'Preparing the voice…',
    reading: 'Reading sentence {n} of {total}',
    readingSystem: 'Reading with this device’s own voice',
    voicesTitle: 'Reading aloud',
    voicesHint:
      'Kiana reads memories aloud with a voice that runs on this device. A voice is downloaded once (with the speech engine, about {engine}), checked, and then works offline.',
    fallbackHint:
      'Without a downloaded voice, Kiana uses this device’s own voices, and only those that run on the device, so no text leaves it.',
    voiceFor: 'Voice for {lang}',
    noVoice: 'This device’s own voice',
    speed: 'Speaking rate',
    speedValue: '{value}×',
    download: 'Download',
    cancel: 'Cancel',
    delete: 'Delete',
    absent: 'Not downloaded',
    downloading: 'Downloading…',
    ready: 'Downloaded',
    failed: 'Download failed',
    progressLabel: 'Download of {name}',
    progress: '{loaded} of {total}',
    size: 'Size',
    unknownSize: 'Not pinned yet',
    testVoice: 'Generated test voice: it makes sound, not words.',
    languages: { de: 'German', en: 'English' },
    listFailed: 'The list of voices could not be loaded.',
  },
};
export type SpeechMessages = typeof speechMessages;
