/**
 * Settings access for state classes. Dexie is most of the startup bundle, so it is imported on
 * first use, after the shell has painted, rather than with the shell.
 */
import type { SettingKey, Settings } from '../platform/db.ts';

export async function loadSetting<K extends SettingKey>(key: K): Promise<Settings[K] | undefined> {
  const { getSetting } = await import('../platform/db.ts');
  return getSetting(key);
}

export async function saveSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  const { setSetting } = await import('../platform/db.ts');
  await setSetting(key, value);
}
