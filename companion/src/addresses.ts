import { networkInterfaces } from 'node:os';
import { lanAddresses } from './banner.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** True for a connection from this machine. */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.has(address);
}

/** The LAN addresses now, sorted, so two readings compare equal when nothing changed. */
export function currentAddresses(): string[] {
  return [...lanAddresses(networkInterfaces())].sort();
}

/**
 * Calls `onChange` with the new list whenever the machine's LAN addresses change (DHCP renewal,
 * Wi-Fi roaming, a cable plugged in). Polling every few seconds is what Node offers: there is no
 * portable interface-change event.
 *
 * @returns a function that stops watching
 */
export function watchAddresses(
  onChange: (addresses: string[]) => void,
  intervalMs = 5000,
  read: () => string[] = currentAddresses,
): () => void {
  let last = read().join(',');
  const timer = setInterval(() => {
    const next = read();
    const key = next.join(',');
    if (key === last) return;
    last = key;
    onChange(next);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
