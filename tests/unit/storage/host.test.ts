import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { StoreHost } from '../../../workers/store/host.ts';
import type { StoreService } from '../../../workers/store/service.ts';
import { DEVICE, IDENTITY, openTestStore } from './sqlite-node.ts';

const args = { device: DEVICE, identity: IDENTITY, vfs: 'auto' as const };

describe('store host', () => {
  it('makes calls wait for the first open and announces itself once', async () => {
    const { store } = await openTestStore();
    let announced = 0;
    const host = new StoreHost(() => Promise.resolve(store));
    host.onFirstOpen = () => announced++;
    const early = host.service();
    await host.open(args);
    await host.open(args);
    expect(await early).toBe(store);
    expect(announced).toBe(1);
  });

  it('reports a failed open to waiting calls and retries it after a pause', async () => {
    const { store } = await openTestStore();
    let now = 0;
    let attempts = 0;
    const host = new StoreHost(
      () => {
        attempts++;
        return attempts === 1
          ? Promise.reject(new KianaError('storage-quota', 'full'))
          : Promise.resolve(store);
      },
      () => now,
    );
    const early = host.service();
    await expect(host.open(args)).rejects.toMatchObject({ code: 'storage-quota' });
    await expect(early).rejects.toMatchObject({ code: 'storage-quota' });
    await expect(host.service()).rejects.toMatchObject({ code: 'storage-quota' });
    now = 5_000;
    const recovered: StoreService = await host.service();
    expect(recovered).toBe(store);
    expect(attempts).toBe(2);
  });
});
