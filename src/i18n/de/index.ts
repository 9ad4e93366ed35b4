import type { Messages } from '../en/index.ts';
import { captureMessages } from './capture.ts';
import { devicesMessages } from './devices.ts';
import { errorMessages } from './errors.ts';
import { memoriesMessages } from './memories.ts';
import { messagesMessages } from './messages.ts';
import { searchMessages } from './search.ts';
import { settingsMessages } from './settings.ts';
import { shellMessages } from './shell.ts';
import { speechMessages } from '../speech/de.ts';
import { askMessages } from '../ask/de.ts';
import { voiceDe } from '../voice/de.ts';

/** German strings, one file per view, each typed against its English file. */
export const de: Messages = {
  ...shellMessages,
  ...captureMessages,
  ...searchMessages,
  ...memoriesMessages,
  ...devicesMessages,
  ...messagesMessages,
  ...settingsMessages,
  ...speechMessages,
  ...askMessages,
  voice: voiceDe,
  ...errorMessages,
};
