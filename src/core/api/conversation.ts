/** The argument check every conversation-naming method shares: a device id, or Note to self. */
import { isDeviceId } from '@kiana/shared/ids';
import { check, fail } from './check.ts';
import type { ConversationId } from './messages-types.ts';

/** The conversation Note to self. */
export const SELF = 'self';

export const conversation = check<ConversationId, string>((v, at) =>
  v === SELF || isDeviceId(v) ? v : fail(at, 'must be a device id or self'),
);
