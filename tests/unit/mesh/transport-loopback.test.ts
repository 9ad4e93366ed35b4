import { describe, it } from 'vitest';
import { LoopbackNetwork } from '../../../src/core/mesh/loopback.ts';
import { transportCases } from '../../shared/transport-suite.ts';

describe('the loopback transport passes the shared transport suite', () => {
  for (const c of transportCases) {
    it(c.name, async () => {
      const network = new LoopbackNetwork();
      await c.run(() => Promise.resolve(network.transport()));
    });
  }
});
