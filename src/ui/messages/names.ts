/** The name a conversation is shown under: Note to self, or the device or contact as paired. */
import type { PeerStatus } from '../../core/mesh/types.ts';
import { SELF } from '../../state/messages.svelte.ts';

export function conversationName(
  conversation: string,
  peers: readonly PeerStatus[],
  noteToSelf: string,
): string {
  if (conversation === SELF) return noteToSelf;
  return peers.find((p) => p.deviceId === conversation)?.name ?? conversation.slice(0, 8);
}
