import { captureMessages } from './capture.ts';
import { devicesMessages } from './devices.ts';
import { errorMessages } from './errors.ts';
import { memoriesMessages } from './memories.ts';
import { messagesMessages } from './messages.ts';
import { searchMessages } from './search.ts';
import { settingsMessages } from './settings.ts';
import { shellMessages } from './shell.ts';
import { speechMessages } from '../speech/en.ts';
import { askMessages } from '../ask/en.ts';
import { voiceEn } from '../voice/en.ts';

/**
 * English strings, the reference catalogue, one file per view (src/i18n/README.md). Its shape is
 * `Messages`: a German file that misses or misspells a key fails `tsc`. `{name}` marks a
 * parameter filled in by `t()`.
 */
export const en = {
  ...shellMessages,
  ...captureMessages,
  ...searchMessages,
  ...memoriesMessages,
  ...devicesMessages,
  ...messagesMessages,
  ...settingsMessages,
  ...speechMessages,
  ...askMessages,
  voice: voiceEn,
  ...errorMessages,
};

/** The shape every catalogue has; strings are plain `string`, not literals. */
export type Messages = typeof en;
