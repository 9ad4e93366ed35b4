/**
 * The Name Constraints extension (RFC 5280 §4.2.1.10) for the local CA, encoded by hand because
 * @peculiar/x509 has no class for it. Constraining the CA to `.local`, `localhost` and private
 * address ranges means that a phone which installed it trusts it for nothing else: if the CA key
 * ever leaked, it could not be used to impersonate a bank.
 */
import { isIPv4 } from 'node:net';

export const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** DNS subtrees: a constraint `local` permits every name ending in `.local`. */
export const PERMITTED_DNS = ['local', 'localhost'] as const;

/** [address, prefix length] of the private and loopback ranges the CA may certify. */
export const PERMITTED_RANGES: readonly (readonly [string, number])[] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10], // carrier-grade NAT, also what Tailscale hands out
  ['169.254.0.0', 16],
  ['127.0.0.0', 8],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::1', 128],
];

/** 4 or 16 bytes of an IPv4 or IPv6 address (no zone id). */
export function ipBytes(address: string): Uint8Array {
  if (isIPv4(address)) return Uint8Array.from(address.split('.').map(Number));
  const [head = '', tail] = (address.split('%')[0] ?? '').split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
  const out = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    out[i * 2] = value >> 8;
    out[i * 2 + 1] = value & 0xff;
  });
  return out;
}

function maskBytes(length: number, prefix: number): Uint8Array {
  const mask = new Uint8Array(length);
  for (let bit = 0; bit < prefix; bit++)
    mask[bit >> 3] = (mask[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  return mask;
}

/** True when `address` lies in one of {@link PERMITTED_RANGES}. */
export function isPermittedAddress(address: string): boolean {
  const ip = ipBytes(address);
  return PERMITTED_RANGES.some(([base, prefix]) => {
    const net = ipBytes(base);
    if (net.length !== ip.length) return false;
    const mask = maskBytes(net.length, prefix);
    return ip.every((byte, i) => (byte & (mask[i] ?? 0)) === ((net[i] ?? 0) & (mask[i] ?? 0)));
  });
}

/** One DER TLV with definite length. */
function tlv(tag: number, content: Uint8Array): Uint8Array {
  const length = content.length;
  const lengthBytes =
    length < 0x80 ? [length] : length < 0x100 ? [0x81, length] : [0x82, length >> 8, length & 0xff];
  const out = new Uint8Array(1 + lengthBytes.length + length);
  out[0] = tag;
  out.set(lengthBytes, 1);
  out.set(content, 1 + lengthBytes.length);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * DER of NameConstraints { permittedSubtrees [0] } with one GeneralSubtree per DNS name
 * (dNSName [2]) and per range (iPAddress [7]: address followed by mask).
 */
export function encodeNameConstraints(): Uint8Array {
  const subtree = (name: Uint8Array) => tlv(0x30, name);
  const dns = PERMITTED_DNS.map((d) => subtree(tlv(0x82, new TextEncoder().encode(d))));
  const ips = PERMITTED_RANGES.map(([base, prefix]) => {
    const net = ipBytes(base);
    return subtree(tlv(0x87, concat([net, maskBytes(net.length, prefix)])));
  });
  return tlv(0x30, tlv(0xa0, concat([...dns, ...ips])));
}
