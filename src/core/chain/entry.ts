/**
 * A stored block and what the tree derived from it, shared by the tree and its canonical branch.
 */
import type { FrontierState } from '../merkle/index.ts';
import type { Members } from './authority.ts';
import type { Block } from './types.ts';

/** A stored block and what the tree derived from it. */
export interface Entry {
  readonly block: Block;
  readonly hex: string;
  readonly parent: Entry | null;
  readonly height: number;
  /** The authority set after this block on its branch. */
  readonly members: Members;
  /** RFC 6962 leaf hash of the block hash: its leaf in the block-hash log. */
  readonly leafHash: Uint8Array;
  /** The block-hash log up to and including this block. */
  readonly frontier: FrontierState;
  readonly logRootAfter: Uint8Array;
  readonly totalWeight: number;
  readonly turnDistance: number;
  readonly hash: Uint8Array;
  /** False once a removal makes its sealer (or an ancestor's) lose its rights. */
  effective: boolean;
  children: number;
}
