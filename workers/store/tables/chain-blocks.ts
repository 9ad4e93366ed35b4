/** The `chain_blocks` table: every block this device holds, on all branches. */
import { toHex } from '../../../src/core/chain/bytes.ts';
import type { Block } from '../../../src/core/chain/index.ts';
import type { Locked } from '../lock.ts';

/** The stored blocks' bytes, parents before children. */
export async function loadBlocks(db: Locked): Promise<Uint8Array[]> {
  const rows = await db.all<{ body: Uint8Array }>(
    'SELECT body FROM chain_blocks ORDER BY height, hash',
  );
  return rows.map((r) => r.body);
}

/** Stores a block (a block stored already is left as it is). */
export async function insertBlock(db: Locked, block: Block): Promise<void> {
  const h = block.header;
  await db.run(
    `INSERT OR IGNORE INTO chain_blocks (hash, height, parent, author, body, signature)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [
      toHex(block.hash),
      h.height,
      h.height === 0 ? null : toHex(h.parent),
      h.signer,
      block.bytes,
      h.signature,
    ],
  );
}

/** Drops every block (the chain was replaced by another device's). */
export async function deleteBlocks(db: Locked): Promise<void> {
  await db.run('DELETE FROM chain_blocks');
}
