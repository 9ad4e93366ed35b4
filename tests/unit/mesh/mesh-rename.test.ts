import { afterEach, describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { LoopbackNetwork } from '../../../src/core/mesh/loopback.ts';
import { device, pairRecords, until, type TestDevice } from './mesh-helpers.ts';

let started: TestDevice[] = [];
afterEach(() => {
  for (const d of started) d.stop();
  started = [];
});

/** Laptop paired with Phone and with Tablet (Phone and Tablet are not paired), all started. */
async function three(): Promise<{ laptop: TestDevice; phone: TestDevice; tablet: TestDevice }> {
  const network = new LoopbackNetwork();
  const laptop = await device(network, 'Laptop');
  const phone = await device(network, 'Phone');
  const tablet = await device(network, 'Tablet');
  pairRecords(laptop, phone);
  pairRecords(laptop, tablet);
  for (const d of [laptop, phone, tablet]) await d.restart();
  started.push(laptop, phone, tablet);
  await until(() => laptop.mesh.isUp(phone.me.deviceId), 'phone up');
  await until(() => laptop.mesh.isUp(tablet.me.deviceId), 'tablet up');
  await until(() => phone.mesh.isUp(laptop.me.deviceId), 'laptop up at the phone');
  return { laptop, phone, tablet };
}

const nameAt = (d: TestDevice, of: TestDevice): string | undefined =>
  d.mesh.peers().find((p) => p.deviceId === of.me.deviceId)?.name;

describe('renaming a device', () => {
  it('reaches a connected device at once, over the open channel, and renames only the sender', async () => {
    const { laptop, phone, tablet } = await three();
    phone.mesh.rename('Anna’s phone');
    await until(() => nameAt(laptop, phone) === 'Anna’s phone', 'the new name at the laptop');
    expect(laptop.events).toContainEqual({
      type: 'renamed',
      deviceId: phone.me.deviceId,
      name: 'Anna’s phone',
    });
    // The message names no device, so nothing else changes name at the receiver.
    expect(nameAt(laptop, tablet)).toBe('Tablet');
    expect(laptop.events.filter((e) => e.type === 'renamed')).toHaveLength(1);
    // Still the same channel: the name did not wait for a reconnection.
    expect(laptop.events.filter((e) => e.type === 'peer-up')).toHaveLength(2);
  });

  it('sends nothing for the same name, and a device that connects later learns it from the hello', async () => {
    const { laptop, phone } = await three();
    laptop.mesh.rename('Laptop');
    phone.stop();
    await until(() => !laptop.mesh.isUp(phone.me.deviceId), 'phone gone');
    laptop.mesh.rename('Work laptop');
    await phone.restart();
    await until(() => nameAt(phone, laptop) === 'Work laptop', 'the name from the hello');
    expect(phone.events.filter((e) => e.type === 'renamed')).toHaveLength(1);
  });

  it('refuses to announce a name that the other devices would refuse', () => {
    const network = new LoopbackNetwork();
    return device(network, 'Laptop').then(async (laptop) => {
      await laptop.restart();
      started.push(laptop);
      for (const bad of ['Lap\u200btop', ' Laptop', '', 'x'.repeat(65)]) {
        expect(() => laptop.mesh.rename(bad), JSON.stringify(bad)).toThrow(KianaError);
      }
    });
  });
});
