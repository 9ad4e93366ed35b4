/** Validators for the `db.*` calls (the `memories.*` ones live in src/core/memory/validate.ts). */
import { bad, record } from '../../src/core/args.ts';
import { KianaError } from '@kiana/shared/errors';
import { isDeviceId } from '@kiana/shared/ids';
import { parseIdentity } from './chain/identity.ts';
import { VFS_CHOICES, type OpenArgs, type VfsChoice } from './open.ts';

/** Largest database file `db.import` accepts (it is held in memory twice while checked). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/**
 * `db.open` arguments: this browser's device id, its signing identity and the VFS choice
 * (default `auto`). That the keys name this device is checked at open, with libsodium loaded.
 */
export function parseOpenArgs(value: unknown): OpenArgs {
  const r = record('db.open', value);
  if (!isDeviceId(r.device)) return bad('db.open', 'device must be a device id');
  const vfs = r.vfs ?? 'auto';
  if (!(VFS_CHOICES as readonly unknown[]).includes(vfs)) {
    return bad('db.open', `vfs must be one of ${VFS_CHOICES.join(', ')}`);
  }
  return { device: r.device, identity: parseIdentity(r.identity), vfs: vfs as VfsChoice };
}

/** `db.import` arguments: the file's bytes as an ArrayBuffer or a Uint8Array. */
export function parseImportBytes(value: unknown): Uint8Array {
  const bytes = record('db.import', value).bytes;
  let view: Uint8Array;
  if (bytes instanceof ArrayBuffer) view = new Uint8Array(bytes);
  else if (bytes instanceof Uint8Array) view = bytes;
  else return bad('db.import', 'bytes must be an ArrayBuffer or Uint8Array');
  if (view.byteLength > MAX_IMPORT_BYTES) {
    throw new KianaError('import-invalid', 'the file is larger than any Kiana database could be');
  }
  return view;
}
