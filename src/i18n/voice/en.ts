/**
 * English strings of voice capture (Capture › Record / Upload audio, Settings › Voice), in a
 * file of their own so the main catalogues stay small. `en.ts` mounts them under `voice` and
 * the error codes under `errors`.
 */
export const voiceEn = {
  title: 'Speak a memory',
  record: 'Record',
  stop: 'Stop recording',
  upload: 'Upload audio',
  language: 'Language spoken',
  level: 'Microphone level',
  recording: 'Recording… {seconds} s',
  reading: 'Reading the file…',
  loading: 'Starting speech recognition…',
  transcribing: 'Transcribing…',
  progress: 'Progress',
  heardSoFar: 'Heard so far',
  transcript: 'Transcript',
  save: 'Save as memory',
  discard: 'Discard',
  saved: 'Saved.',
  nothingSaid: 'Nothing was said in this recording, so nothing was saved.',
  noModel: 'Speech recognition needs the Whisper model: download it in Settings › Models.',
  kept: 'The recording is kept on this device until it is transcribed.',
  retry: 'Transcribe again',
  settingsTitle: 'Voice',
  keepAudio: 'Keep the audio of voice memories',
  keepAudioHint:
    'Off: once a voice memory is stored, its recording is deleted and only the text stays.',
};

export const voiceErrorsEn = {
  'mic-denied':
    'Kiana may not use the microphone. Allow it in the site settings of your browser, then press Record again.',
  'mic-absent': 'No microphone was found, or another app is using it.',
  'audio-unsupported':
    'This file is not audio this browser can read (wav, mp3, m4a, webm or ogg). Nothing was changed.',
};
