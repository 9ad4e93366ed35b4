/**
 * Bulk writes sign their transactions as one batch (createTxs over the store's signer, whose
 * `signMany` uses Web Crypto's ed25519). ed25519 is deterministic, so the batch must give the
 * very bytes — signatures, ids — that signing one by one with libsodium gives.
 */
import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { createTx, createTxs } from '../../../src/core/chain/tx.ts';
import type { TxBody } from '../../../src/core/chain/types.ts';
import { verifyTxSignature } from '../../../src/core/chain/tx.ts';
import { signerFor } from '../../../workers/store/chain/identity.ts';
import { memoryId, prims } from '../chain/helpers.ts';
import { DEVICE, IDENTITY } from './sqlite-node.ts';

const signer = signerFor(prims, DEVICE, IDENTITY);
const hlc = (n: number) => ({ wallMs: 1_700_000_000_000 + n, counter: n % 3, device: DEVICE });
const body = (n: number): TxBody =>
  n % 2 === 0
    ? { kind: 'memory-delete', memory: memoryId(n) }
    : {
        kind: 'memory-put',
        memory: memoryId(n),
        source: 'typed',
        textHash: new Uint8Array(32).fill(n),
        tagsHash: new Uint8Array(32).fill(n + 1),
      };

describe('signing a batch of transactions', () => {
  it('gives the same bytes as signing each with libsodium', async () => {
    expect(typeof signer.signMany).toBe('function');
    const items = Array.from({ length: 40 }, (_, n) => ({ hlc: hlc(n), body: body(n) }));
    const batch = await createTxs(prims, signer, items);
    const oneByOne = { key: signer.key, id: signer.id, sign: (m: Uint8Array) => signer.sign(m) };
    const one = items.map((i) => createTx(prims, oneByOne, i.hlc, i.body));
    expect(batch.map((t) => Buffer.from(t.bytes).toString('hex'))).toEqual(
      one.map((t) => Buffer.from(t.bytes).toString('hex')),
    );
    expect(batch.every((t) => verifyTxSignature(prims, t))).toBe(true);
  });

  it('refuses a batch with a malformed body or another device’s clock', async () => {
    const bad = { kind: 'memory-delete', memory: 'not ok!' } as unknown as TxBody;
    const items = [
      { hlc: hlc(1), body: body(2) },
      { hlc: hlc(2), body: bad },
    ];
    await expect(createTxs(prims, signer, items)).rejects.toMatchObject({ code: 'tx-malformed' });
    const foreign = [
      { hlc: { ...hlc(3), device: 'x'.repeat(26) as typeof DEVICE }, body: body(2) },
    ];
    await expect(createTxs(prims, signer, foreign)).rejects.toBeInstanceOf(KianaError);
  });
});
