/**
 * The usual set-up of a browser test file: one real companion and one device, started before the
 * file's tests and torn down after them.
 */
import { afterAll, beforeAll } from 'vitest';
import {
  startCompanion,
  type CompanionOptions,
  type CompanionProcess,
} from './companion-process.ts';
import { launchDevice, type Device, type DeviceOptions } from './devices.ts';

export interface Session {
  readonly companion: CompanionProcess;
  readonly device: Device;
}

/** Registers beforeAll/afterAll hooks; read the fields inside tests, once they have started. */
export function useSession(device: DeviceOptions = {}, companion: CompanionOptions = {}): Session {
  let started: { companion: CompanionProcess; device: Device } | undefined;
  beforeAll(async () => {
    const c = await startCompanion(companion);
    started = { companion: c, device: await launchDevice(device) };
  });
  afterAll(async () => {
    await started?.device.dispose();
    await started?.companion.stop();
  });
  const get = () => {
    if (!started) throw new Error('session used before beforeAll ran');
    return started;
  };
  return {
    get companion() {
      return get().companion;
    },
    get device() {
      return get().device;
    },
  };
}
