import path from 'node:path';

/**
 * Settings for the LAN half of the companion: HTTPS with a local CA, STUN, mDNS, the directory.
 * Parsed beside the core CompanionConfig (see config.ts) so the static server stays usable alone.
 */
export interface LanConfig {
  /** The stable name: the companion answers as `<name>.local` and its certificate names it. */
  readonly name: string;
  /** Keys, certificates and the companion id live here (created with mode 0700). */
  readonly dataDir: string;
  /** null = no HTTPS listener. */
  readonly httpsPort: number | null;
  /** null = no STUN; the UDP port otherwise. */
  readonly stunPort: number | null;
  readonly mdns: boolean;
  /** A user-supplied certificate (own domain) replacing the local CA; null = local CA. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
}

export const DEFAULT_HTTPS_PORT = 8443;
export const DEFAULT_STUN_PORT = 3478;

/** The raw flag values this module reads; `pick` applies flag → env precedence. */
export interface LanInputs {
  readonly pick: (flag: string, env: string) => [value: string, source: string] | undefined;
  readonly parsePort: (raw: string, source: string) => number | string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly host: string;
  /** os.hostname(); the default name is derived from it. */
  readonly hostname: string;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** `kiana-<hostname>` reduced to one DNS label, so it is a valid `<name>.local`. */
export function defaultName(hostname: string): string {
  const label = `kiana-${hostname.split('.')[0] ?? ''}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 63)
    .replace(/-$/, '');
  return LABEL.test(label) ? label : 'kiana';
}

/** XDG data home, then ~/.local/share, then a directory beside the working directory. */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>, cwd: string) {
  const xdg = env['XDG_DATA_HOME'];
  if (xdg !== undefined && xdg !== '') return path.join(xdg, 'kiana-companion');
  const home = env['HOME'];
  if (home !== undefined && home !== '')
    return path.join(home, '.local', 'share', 'kiana-companion');
  return path.join(cwd, '.kiana-companion');
}

function onOff(raw: string, source: string): boolean | string {
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  return `${source} must be on or off, got '${raw}'`;
}

/** A port, or `off`; the default depends on whether the companion faces the LAN at all. */
function optionalPort(
  inputs: LanInputs,
  flag: string,
  envName: string,
  fallback: number | null,
): number | null | string {
  const raw = inputs.pick(flag, envName);
  if (raw === undefined) return fallback;
  if (raw[0] === 'off') return null;
  return inputs.parsePort(...raw);
}

/**
 * Reads the LAN settings. A companion bound to loopback serves only this machine, so HTTPS,
 * STUN and mDNS default to off there (tests and `npm start` on a laptop stay quiet); each can
 * still be turned on with its flag.
 *
 * @returns the settings, or an error message naming the offending flag or variable
 */
export function parseLanConfig(inputs: LanInputs): LanConfig | string {
  const lan = !LOOPBACK_HOSTS.has(inputs.host);
  const rawName = inputs.pick('name', 'KIANA_NAME');
  const name = rawName?.[0].toLowerCase() ?? defaultName(inputs.hostname);
  if (!LABEL.test(name)) {
    return `${rawName?.[1] ?? 'name'} must be one DNS label (a-z, 0-9, -), got '${name}'`;
  }
  const httpsPort = optionalPort(
    inputs,
    'https-port',
    'KIANA_HTTPS_PORT',
    lan ? DEFAULT_HTTPS_PORT : null,
  );
  if (typeof httpsPort === 'string') return httpsPort;
  const stunPort = optionalPort(
    inputs,
    'stun-port',
    'KIANA_STUN_PORT',
    lan ? DEFAULT_STUN_PORT : null,
  );
  if (typeof stunPort === 'string') return stunPort;
  const rawMdns = inputs.pick('mdns', 'KIANA_MDNS');
  const mdns = rawMdns === undefined ? lan : onOff(...rawMdns);
  if (typeof mdns === 'string') return mdns;

  const rawData = inputs.pick('data-dir', 'KIANA_DATA_DIR');
  const dataDir =
    rawData === undefined
      ? defaultDataDir(inputs.env, inputs.cwd)
      : path.resolve(inputs.cwd, rawData[0]);
  const cert = inputs.pick('tls-cert', 'KIANA_TLS_CERT');
  const key = inputs.pick('tls-key', 'KIANA_TLS_KEY');
  if ((cert === undefined) !== (key === undefined)) {
    return '--tls-cert and --tls-key (KIANA_TLS_CERT, KIANA_TLS_KEY) go together';
  }
  const tls =
    cert !== undefined && key !== undefined
      ? { certFile: path.resolve(inputs.cwd, cert[0]), keyFile: path.resolve(inputs.cwd, key[0]) }
      : null;
  return { name, dataDir, httpsPort, stunPort, mdns, tls };
}
