import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { base32 } from '@kiana/shared/ids';
import { COMPANION_ID } from '@kiana/shared/protocol';

/** A fresh companion id: 128 random bits in lowercase base32 (26 characters). */
export function newCompanionId(): string {
  return base32(randomBytes(16));
}

/**
 * The companion's stable id, kept in `<dataDir>/companion-id` so other companions and the
 * browsers' directory view keep recognising it across restarts. It identifies the companion
 * process, never a person or a device.
 */
export async function loadCompanionId(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'companion-id');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (COMPANION_ID.test(stored)) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const id = newCompanionId();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${id}\n`, { mode: 0o600 });
  return id;
}
