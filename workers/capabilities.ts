/** What the current browser context can do; asked inside a worker so it reflects worker reality. */
export interface Capabilities {
  cores: number;
  crossOriginIsolated: boolean;
  webgpu: boolean;
  opfs: boolean;
  userAgent: string;
}

/** Probes the capabilities of the context it runs in (worker or window). */
export async function probeCapabilities(): Promise<Capabilities> {
  const nav = globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } };
  let webgpu = false;
  try {
    webgpu = nav.gpu ? (await nav.gpu.requestAdapter()) !== null : false;
  } catch {
    webgpu = false;
  }
  let opfs = false;
  try {
    await nav.storage.getDirectory();
    opfs = true;
  } catch {
    opfs = false;
  }
  return {
    cores: nav.hardwareConcurrency || 1,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    webgpu,
    opfs,
    userAgent: nav.userAgent,
  };
}
