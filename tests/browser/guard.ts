/**
 * Runs after every browser test: fails it when any live device sent a request that left loopback,
 * hit a Content-Security-Policy violation or threw an uncaught page error.
 */
import { afterEach, expect } from 'vitest';
import { guardedDevices } from './devices.ts';

afterEach(() => {
  for (const device of guardedDevices) {
    const external = device.external.splice(0);
    const csp = device.cspViolations.splice(0);
    const errors = device.pageErrors.splice(0);
    expect(external, `${device.name} sent requests beyond localhost`).toEqual([]);
    expect(csp, `${device.name} violated the CSP`).toEqual([]);
    expect(errors, `${device.name} threw uncaught page errors`).toEqual([]);
  }
});
