import type { Capabilities } from '../src/core/api/store-types.ts';

type GpuNavigator = Navigator & { gpu?: { requestAdapter(): Promise<unknown> } };

async function hasWebGpu(nav: GpuNavigator): Promise<boolean> {
  try {
    return nav.gpu ? (await nav.gpu.requestAdapter()) !== null : false;
  } catch {
    return false; // an adapter request may throw where WebGPU is blocklisted
  }
}

async function hasOpfs(nav: Navigator): Promise<boolean> {
  try {
    await nav.storage.getDirectory();
    return true;
  } catch {
    return false; // private windows and old browsers reject getDirectory()
  }
}

/** Probes the capabilities of the context it runs in (worker or window). */
export async function probeCapabilities(): Promise<Capabilities> {
  const nav = globalThis.navigator as GpuNavigator;
  return {
    cores: nav.hardwareConcurrency || 1,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    webgpu: await hasWebGpu(nav),
    opfs: await hasOpfs(nav),
    userAgent: nav.userAgent,
  };
}
