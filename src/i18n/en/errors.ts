import type { ErrorCode } from '@kiana/shared/errors';
import { voiceErrorsEn } from '../voice/en.ts';

/** Every error code, as the UI shows it (packages/shared/src/errors.ts). */
export const errorMessages = {
  errors: {
    ...voiceErrorsEn,
    internal: 'Something went wrong inside Kiana.',
    cancelled: 'The action was cancelled.',
    timeout: 'This took too long. Please try again.',
    'bad-message': 'Kiana received a message it could not understand.',
    'unknown-method': 'This part of Kiana does not know that request. Reload to update.',
    'worker-crashed': 'A background part of Kiana stopped. Reload the page to restart it.',
    'storage-quota': 'The browser has no more storage space for Kiana. Free some space.',
    'storage-unavailable': 'This browser does not let Kiana store data here (private mode?).',
    'storage-corrupt': 'Kiana’s stored data is damaged. Restore from another device or a backup.',
    'storage-no-fts5': 'This browser’s database lacks full-text search.',
    'storage-too-new': 'Your data was saved by a newer version of Kiana. Update Kiana to open it.',
    'import-invalid': 'This file is not a Kiana export.',
    'not-found': 'That could not be found.',
    'model-missing': 'The AI model is not downloaded yet.',
    'peer-unknown': 'This device is not paired with you.',
    'peer-offline': 'That device is not connected right now. Kiana keeps trying.',
    'pairing-used': 'This pairing link was already used. Ask for a new one.',
    'pairing-expired': 'This pairing link has expired. Ask for a new one.',
    'pairing-mismatch':
      'The device that answered does not match this pairing link, so pairing was stopped to keep you safe.',
    'pairing-refused': 'The other device stopped the pairing.',
    'pairing-denied': 'The other device did not allow this pairing, so nothing was paired.',
    'pairing-no-answer':
      'No device answered this pairing link. Make sure the inviting device has Kiana open and try again.',
    'pairing-invalid-link': 'This is not a valid pairing link.',
    'clock-drift': 'A device’s clock is far off. Check the date and time on your devices.',
    'companion-offline': 'The companion server cannot be reached.',
    'block-malformed': 'A device sent a damaged block. It was ignored.',
    'block-oversized': 'A device sent a block that is too large. It was ignored.',
    'block-bad-signature': 'A block had a forged or broken signature. It was ignored.',
    'block-not-authority':
      'A block came from a device that is not (or no longer) one of yours. It was ignored.',
    'block-bad-parent': 'A block did not fit onto the chain it claimed to extend. It was ignored.',
    'block-bad-tx-root': 'A block’s contents did not match its header. It was ignored.',
    'block-bad-weight': 'A block claimed the wrong turn. It was ignored.',
    'block-bad-time': 'A block’s time was before the block it extends. It was ignored.',
    'block-future':
      'A block is dated too far in the future. Check the date and time on your devices.',
    'block-replayed': 'A block repeated changes that were already recorded. It was ignored.',
    'block-bad-content-hash':
      'A memory’s text did not match what was recorded for it. It was ignored.',
    'block-unknown-parent':
      'A block arrived before the blocks it builds on. Kiana will fetch them.',
    'tx-malformed': 'A device sent a damaged change. It was ignored.',
    'tx-bad-signature': 'A change had a forged or broken signature. It was ignored.',
    'tx-not-authority':
      'A change came from a device that is not (or no longer) one of yours. It was ignored.',
    'tx-future':
      'A change is dated too far in the future. Check the date and time on your devices.',
    'tx-invalid': 'A change broke a rule of your device chain. It was ignored.',
    'tx-backdated': 'A device change was dated before it could have been made. It was ignored.',
    'device-removed':
      'This device was removed from your devices. It keeps its memories but can no longer change them.',
    'sync-protocol': 'A device broke the sync protocol. Kiana stopped syncing with it.',
    'sync-other-chain': 'That device belongs to someone else’s set of devices.',
    'model-manifest-invalid': 'The list of models is damaged. Reload, or restart the companion.',
    'model-checksum':
      'The downloaded model file is not the expected one (checksum mismatch). Nothing was kept; try again or use another source.',
    'model-download':
      'The model could not be downloaded. Check the connection and press Download again: it resumes.',
    'model-load': 'The model could not be started on this device.',
    'model-unpinned':
      'This model has no pinned checksum yet, so Kiana will not download it from the internet.',
    'vector-invalid':
      'A vector does not fit the search index: wrong length, or not a finite, non-zero vector.',
    'vector-index-corrupt':
      'The index for search by meaning is damaged. It has to be rebuilt from the stored memories.',
    'message-rejected':
      'A message could not be opened: it was changed on the way or not meant for this device. It was dropped.',
    'message-replayed': 'A message arrived a second time. The copy was ignored.',
    'file-too-large': 'This file is larger than 50 MB. Send a smaller file or split it.',
    'file-chunk-rejected':
      'A part of this file was changed on the way and was refused. It is asked for again; the file is not complete until every part checks out.',
    'file-corrupt':
      'The received file does not match what was sent and was not kept. Ask the sender to send it again.',
    'file-quota':
      'This file was not downloaded: files from this conversation already take 500 MB on this device.',
    'voice-missing':
      'No voice for reading aloud is downloaded yet. Download one in Settings › Reading aloud.',
    'voice-invalid':
      'The voice files are damaged or not a Piper voice. Delete the voice and download it again.',
    'speech-unavailable':
      'This device has no voice for reading aloud in this language. Download a voice in Settings › Reading aloud.',
    'llm-missing':
      'No language model is downloaded for answers in the browser. Download one in Settings › Models, or choose another engine in Settings › Ask. Here are the best passages instead.',
    'ollama-unreachable':
      'Ollama could not be reached through the companion. Check that the companion was started with OLLAMA_HOST set and that Ollama runs on that machine. Here are the best passages instead.',
    'ollama-refused':
      'Ollama refused the question (is the chosen model still there?). Here are the best passages instead.',
  } satisfies Record<ErrorCode, string>,
};

export type ErrorMessages = typeof errorMessages;
