import type { NetworkInterfaceInfo } from 'node:os';

/**
 * The addresses other devices on the LAN can reach: external IPv4, plus IPv6 that is neither
 * loopback nor link-local (a link-local address needs a zone id no browser URL bar accepts).
 *
 * @param interfaces the result of `os.networkInterfaces()`
 */
export function lanAddresses(
  interfaces: NodeJS.Dict<readonly NetworkInterfaceInfo[]>,
): readonly string[] {
  const addresses: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv6' && info.address.toLowerCase().startsWith('fe80:')) continue;
      addresses.push(info.address);
    }
  }
  return addresses;
}

/** The HTTPS side of the banner, when the companion serves HTTPS. */
export interface BannerHttps {
  readonly name: string;
  readonly httpsPort: number | null;
}

/**
 * The lines printed for humans on start: where to open the app.
 *
 * @param host the bound host; only a wildcard host (0.0.0.0 or ::) lists the LAN addresses
 * @param https with an HTTPS port, other devices are pointed at `https://<name>.local` and the
 *   CA install page instead of plain-http addresses
 */
export function formatBanner(
  url: string,
  host: string,
  port: number,
  interfaces: NodeJS.Dict<readonly NetworkInterfaceInfo[]>,
  https?: BannerHttps,
): string {
  const lines = [`Kiana companion is running.`, `  On this machine: ${url}`];
  // 0.0.0.0 accepts IPv4 only; `::` normally accepts both.
  const wildcard = host === '0.0.0.0' || host === '::';
  const lan = wildcard
    ? lanAddresses(interfaces).filter((address) => host === '::' || !address.includes(':'))
    : [];
  if (https !== undefined && https.httpsPort !== null) {
    lines.push(`  On your network: https://${https.name}.local:${https.httpsPort}/`);
    for (const address of lan.slice(0, 1)) {
      const hostPart = address.includes(':') ? `[${address}]` : address;
      lines.push(`  Trust it once per device: http://${hostPart}:${port}/ca`);
    }
    return `${lines.join('\n')}\n`;
  }
  for (const address of lan) {
    const hostPart = address.includes(':') ? `[${address}]` : address;
    lines.push(`  On your network: http://${hostPart}:${port}/`);
  }
  if (lan.length > 0) {
    // Browsers only allow service workers, the microphone and cross-origin isolation in a
    // secure context, and a plain-http LAN address is not one.
    lines.push('  (Over plain http, LAN addresses run without offline mode or microphone.)');
  }
  return `${lines.join('\n')}\n`;
}
