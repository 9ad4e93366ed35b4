import type { ErrorCode } from '../core/errors.ts';

/**
 * English strings, the reference catalogue: its shape is `Messages`, so another language that
 * misses or misspells a key fails `tsc`. `{name}` marks a parameter filled in by `t()`.
 */
export const en = {
  app: {
    name: 'Kiana',
    tagline: 'Your private assistant',
    skipToContent: 'Skip to content',
    navLabel: 'Main',
    titleSuffix: 'Kiana',
  },
  nav: {
    capture: 'Capture',
    search: 'Search',
    memories: 'Memories',
    devices: 'Devices',
    messages: 'Messages',
    settings: 'Settings',
  },
  capture: {
    placeholder:
      'Capture will let you keep a thought, a note or a voice memo. It arrives with the storage feature.',
  },
  search: {
    placeholder:
      'Search will find your memories by words and by meaning. It arrives with the storage feature.',
  },
  memories: {
    placeholder:
      'Memories will list everything you have kept, newest first. It arrives with the storage feature.',
  },
  devices: {
    placeholder:
      'Pairing devices arrives with the pairing feature. Your paired phones and computers will be listed here.',
  },
  messages: {
    placeholder:
      'Messages between your devices arrive with the pairing feature. They will be end-to-end encrypted.',
  },
  settings: {
    general: 'General',
    language: 'Language',
    theme: 'Theme',
    themeSystem: 'System',
    themeLight: 'Light',
    themeDark: 'Dark',
    storage: 'Storage',
    persistent: 'Persistent storage',
    persistentHint: 'Persistent storage is not evicted when the browser runs low on space.',
    used: 'Used',
    available: 'Available',
    about: 'About this device',
    cores: 'CPU cores',
    crossOriginIsolated: 'Cross-origin isolated',
    webgpu: 'WebGPU',
    opfs: 'Origin private file system',
    version: 'App version',
    build: 'Build',
    loading: 'Checking…',
  },
  common: {
    yes: 'Yes',
    no: 'No',
    unknown: 'Unknown',
    unsupported: 'Not supported by this browser',
  },
  update: {
    available: 'Update available',
    hint: 'A new version of Kiana is ready.',
    action: 'Update',
    updating: 'Updating…',
  },
  languages: {
    en: 'English',
    de: 'Deutsch',
  },
  errors: {
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
    'sync-protocol': 'A device broke the sync protocol. Kiana stopped syncing with it.',
    'sync-other-chain': 'That device belongs to someone else’s set of devices.',
  } satisfies Record<ErrorCode, string>,
};

/** The shape every catalogue has; strings are plain `string`, not literals. */
export type Messages = typeof en;
