/**
 * The only module that imports libsodium. Everything else asks for it through `loadSodium`, so
 * the WebAssembly is initialised once and the dependency stays in one place (DESIGN.md §1).
 */
import sodium from 'libsodium-wrappers-sumo';

/** The initialised libsodium API. */
export type Sodium = typeof sodium;

let loaded: Promise<Sodium> | null = null;

/** Resolves to libsodium once its WebAssembly is ready; later calls share the first load. */
export function loadSodium(): Promise<Sodium> {
  loaded ??= sodium.ready.then(() => sodium);
  return loaded;
}
