/**
 * Light, dark or follow the system. The stylesheet does the work: `color-scheme` on `<html>`
 * decides every `light-dark()` colour, so "system" needs no JavaScript and no media listener.
 */
import type { Settings } from '../platform/db.ts';
import { loadSetting, saveSetting } from './settings.ts';
import { readMirror, writeMirror } from './mirror.ts';

export type ThemeChoice = Settings['theme'];
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

function isThemeChoice(value: unknown): value is ThemeChoice {
  return THEME_CHOICES.includes(value as ThemeChoice);
}

/** The mirrored choice, else follow the system. */
function initialChoice(): ThemeChoice {
  const mirrored = readMirror('theme');
  return isThemeChoice(mirrored) ? mirrored : 'system';
}

export class Theme {
  choice = $state<ThemeChoice>(initialChoice());

  constructor() {
    this.#apply();
  }

  async set(choice: ThemeChoice): Promise<void> {
    this.choice = choice;
    this.#apply();
    writeMirror('theme', choice);
    try {
      await saveSetting('theme', choice);
    } catch (error) {
      console.warn('[theme] could not save the theme', error);
    }
  }

  /** Adopts the stored choice when the mirror was lost or disagrees (Dexie is the truth). */
  async restore(): Promise<void> {
    try {
      const stored = await loadSetting('theme');
      if (stored && stored !== this.choice) {
        this.choice = stored;
        this.#apply();
        writeMirror('theme', stored);
      }
    } catch (error) {
      console.warn('[theme] could not read the theme', error);
    }
  }

  #apply(): void {
    if (typeof document !== 'undefined') document.documentElement.dataset.theme = this.choice;
  }
}
