/**
 * Which models exist: the companion mirror's `/models/models.json` when it serves one (it also
 * serves this app, so it is trusted as much; with `--models test` it lists the generated test
 * models), else the manifest bundled with the build. Installed models (their entries kept in
 * OPFS) are always listed, so they work offline and after the mirror changed.
 */
import bundled from '../../models/models.json';
import {
  modelKey,
  parseManifest,
  type ModelEntry,
  type ModelManifest,
} from '../core/models/manifest.ts';
import { installedModels } from './model-files.ts';

/** Where the manifest came from, for the Settings page. */
export type ManifestSource = 'mirror' | 'bundled';

async function mirrorManifest(): Promise<ModelManifest | null> {
  try {
    const response = await fetch('/models/models.json', { cache: 'no-store' });
    if (!response.ok) return null;
    return parseManifest(await response.json());
  } catch (error) {
    // Offline, no companion, or a damaged file: the bundled list still works.
    console.warn('[models] mirror manifest unavailable', error);
    return null;
  }
}

/** The models to offer, installed ones included, and where the list came from. */
export async function loadModels(): Promise<{
  models: ModelEntry[];
  installed: Set<string>;
  source: ManifestSource;
}> {
  const mirror = await mirrorManifest();
  const manifest = mirror ?? parseManifest(bundled);
  const installed = await installedModels();
  const keys = new Set(installed.map(modelKey));
  const models = [...manifest.models];
  for (const entry of installed) {
    if (!models.some((m) => modelKey(m) === modelKey(entry))) models.push(entry);
  }
  return { models, installed: keys, source: mirror ? 'mirror' : 'bundled' };
}
