/**
 * The network half of the partition properties: syncs between two devices, new partitions and
 * clock ticks, as weighted fast-check arbitraries that a property adds its own writes to.
 */
import fc from 'fast-check';

export type NetStep =
  | { readonly t: 'sync'; readonly a: number; readonly b: number }
  | { readonly t: 'partition'; readonly groups: readonly number[] }
  | { readonly t: 'tick'; readonly ms: number };

/** Weighted arbitraries of network steps among `devices` devices. */
export function netSteps(devices: number, syncWeight: number) {
  const dev = fc.nat(devices - 1);
  return [
    {
      weight: syncWeight,
      arbitrary: fc.record({ t: fc.constant('sync' as const), a: dev, b: dev }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant('partition' as const),
        groups: fc.array(fc.nat(1), { minLength: devices, maxLength: devices }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('tick' as const),
        ms: fc.integer({ min: 0, max: 5_000 }),
      }),
    },
  ];
}
