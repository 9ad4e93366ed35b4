/**
 * A message's id: SHA-256 of its sender, its counter in the conversation and its content. Both
 * sides compute it (the receiver from the decrypted envelope), so the same message arriving twice
 * — a retry after a lost ack, a replayed frame — is recognised and shown once. The counter keeps
 * two equal texts apart.
 */
import { ByteWriter, toHex, utf8 } from '../chain/bytes.ts';
import type { MessageBody } from './envelope.ts';
import { fileContent } from './files.ts';

export function messageId(
  sha256: (bytes: Uint8Array) => Uint8Array,
  sender: string,
  counter: number,
  body: MessageBody,
): string {
  const content = utf8(
    JSON.stringify(
      body.kind === 'text'
        ? [body.text]
        : body.kind === 'memory'
          ? [body.text, body.tags]
          : fileContent(body),
    ),
  );
  const w = new ByteWriter(64 + content.length)
    .str8('kiana/msg-id/v1')
    .str8(sender)
    .u48(counter)
    .str8(body.kind)
    .raw(content);
  return toHex(sha256(w.finish()));
}
