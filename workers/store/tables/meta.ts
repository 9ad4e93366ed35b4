/** The `meta` table: small facts about the database, by key. */
import type { Locked } from '../lock.ts';

export async function getMeta(db: Locked, key: string): Promise<string | null> {
  const row = await db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
  return row?.value ?? null;
}

export async function setMeta(db: Locked, key: string, value: string): Promise<void> {
  await db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [key, value]);
}
