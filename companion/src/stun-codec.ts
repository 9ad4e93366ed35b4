/**
 * STUN (RFC 5389) binding requests and responses, as pure functions over bytes. The companion
 * needs only the server side of Binding: tell a browser the address its packet came from, so the
 * browser gets a server-reflexive candidate with a real LAN address even where Wi-Fi drops the
 * multicast that Chromium's `.local` host candidates rely on.
 */
import { isIPv4 } from 'node:net';
import { crc32 } from 'node:zlib';

export const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const BINDING_ERROR = 0x0111;
const ATTR_MAPPED_ADDRESS = 0x0001;
const ATTR_ERROR_CODE = 0x0009;
const ATTR_UNKNOWN_ATTRIBUTES = 0x000a;
const ATTR_XOR_MAPPED_ADDRESS = 0x0020;
const ATTR_SOFTWARE = 0x8022;
const ATTR_FINGERPRINT = 0x8028;
const FINGERPRINT_XOR = 0x5354554e;
/** Attributes below 0x8000 are comprehension-required; these are the ones we understand. */
const KNOWN_REQUIRED = new Set([ATTR_MAPPED_ADDRESS, ATTR_XOR_MAPPED_ADDRESS, 0x0006, 0x0008]);
/** Binding requests are tiny; anything this large is not one. */
export const MAX_STUN_BYTES = 1280;

export const SOFTWARE = 'kiana-companion';

/** What the parser found in a datagram. */
export type StunRequest =
  | { readonly kind: 'binding'; readonly transactionId: Uint8Array }
  | {
      readonly kind: 'unknown-attributes';
      readonly transactionId: Uint8Array;
      readonly types: number[];
    }
  | { readonly kind: 'ignore'; readonly reason: string };

/**
 * Parses one UDP datagram. Anything that is not a well-formed RFC 5389 Binding request yields
 * `ignore` with a reason (indications, responses, RFC 3489 requests without the magic cookie,
 * truncated attributes); the server answers nothing to those.
 */
export function parseStunRequest(datagram: Uint8Array): StunRequest {
  if (datagram.length < HEADER_BYTES) return { kind: 'ignore', reason: 'short' };
  if (datagram.length > MAX_STUN_BYTES) return { kind: 'ignore', reason: 'too large' };
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const type = view.getUint16(0);
  const length = view.getUint16(2);
  // The two top bits of every STUN message are zero (that is how it is told apart from RTP/DTLS).
  if ((type & 0xc000) !== 0) return { kind: 'ignore', reason: 'not stun' };
  if (view.getUint32(4) !== MAGIC_COOKIE) return { kind: 'ignore', reason: 'no magic cookie' };
  if (length % 4 !== 0 || HEADER_BYTES + length !== datagram.length) {
    return { kind: 'ignore', reason: 'bad length' };
  }
  if (type !== BINDING_REQUEST) return { kind: 'ignore', reason: 'not a binding request' };
  const transactionId = datagram.slice(8, 20);
  const unknown: number[] = [];
  let offset = HEADER_BYTES;
  while (offset < datagram.length) {
    if (offset + 4 > datagram.length) return { kind: 'ignore', reason: 'truncated attribute' };
    const attrType = view.getUint16(offset);
    const attrLength = view.getUint16(offset + 2);
    const padded = attrLength + ((4 - (attrLength % 4)) % 4);
    if (offset + 4 + padded > datagram.length)
      return { kind: 'ignore', reason: 'truncated attribute' };
    if (attrType === ATTR_FINGERPRINT) {
      const expected = (crc32(datagram.subarray(0, offset)) ^ FINGERPRINT_XOR) >>> 0;
      if (attrLength !== 4 || view.getUint32(offset + 4) !== expected) {
        return { kind: 'ignore', reason: 'bad fingerprint' };
      }
    } else if (attrType < 0x8000 && !KNOWN_REQUIRED.has(attrType)) {
      unknown.push(attrType);
    }
    offset += 4 + padded;
  }
  if (unknown.length > 0) return { kind: 'unknown-attributes', transactionId, types: unknown };
  return { kind: 'binding', transactionId };
}

/** Builds a message: header, the given attributes, then SOFTWARE and FINGERPRINT. */
function buildMessage(
  type: number,
  transactionId: Uint8Array,
  attributes: readonly (readonly [number, Uint8Array])[],
): Uint8Array {
  const software = new TextEncoder().encode(SOFTWARE);
  const all = [...attributes, [ATTR_SOFTWARE, software] as const];
  const bodyBytes = all.reduce((sum, [, value]) => sum + 4 + Math.ceil(value.length / 4) * 4, 0);
  const out = new Uint8Array(HEADER_BYTES + bodyBytes + 8);
  const view = new DataView(out.buffer);
  view.setUint16(0, type);
  // The length already counts the fingerprint, as RFC 5389 §15.5 requires before computing it.
  view.setUint16(2, bodyBytes + 8);
  view.setUint32(4, MAGIC_COOKIE);
  out.set(transactionId, 8);
  let offset = HEADER_BYTES;
  for (const [attrType, value] of all) {
    view.setUint16(offset, attrType);
    view.setUint16(offset + 2, value.length);
    out.set(value, offset + 4);
    offset += 4 + Math.ceil(value.length / 4) * 4;
  }
  view.setUint16(offset, ATTR_FINGERPRINT);
  view.setUint16(offset + 2, 4);
  view.setUint32(offset + 4, (crc32(out.subarray(0, offset)) ^ FINGERPRINT_XOR) >>> 0);
  return out;
}

function addressBytes(address: string): Uint8Array {
  if (isIPv4(address)) return Uint8Array.from(address.split('.').map(Number));
  // Expand `::` and map an embedded IPv4 tail, then write eight 16-bit groups.
  let text = address.split('%')[0] ?? address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = v4[1].split('.').map(Number);
    text = text.replace(v4[1], `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`);
  }
  const [head = '', tail] = text.split('::');
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

/** MAPPED-ADDRESS or, with `xorKey`, XOR-MAPPED-ADDRESS (RFC 5389 §15.1–15.2). */
function encodeAddress(address: string, port: number, xorKey?: Uint8Array): Uint8Array {
  const ip = addressBytes(address);
  const out = new Uint8Array(4 + ip.length);
  const view = new DataView(out.buffer);
  view.setUint8(1, ip.length === 4 ? 0x01 : 0x02);
  view.setUint16(2, xorKey === undefined ? port : port ^ (MAGIC_COOKIE >>> 16));
  ip.forEach((byte, i) => {
    out[4 + i] = xorKey === undefined ? byte : byte ^ (xorKey[i] ?? 0);
  });
  return out;
}

/**
 * The Binding success response telling the client the transport address `address:port` its
 * request came from, in XOR-MAPPED-ADDRESS (and plain MAPPED-ADDRESS for old clients).
 */
export function bindingSuccess(
  transactionId: Uint8Array,
  address: string,
  port: number,
): Uint8Array {
  // The XOR key is the magic cookie, followed (for IPv6) by the transaction id.
  const key = new Uint8Array(16);
  new DataView(key.buffer).setUint32(0, MAGIC_COOKIE);
  key.set(transactionId, 4);
  return buildMessage(BINDING_SUCCESS, transactionId, [
    [ATTR_XOR_MAPPED_ADDRESS, encodeAddress(address, port, key)],
    [ATTR_MAPPED_ADDRESS, encodeAddress(address, port)],
  ]);
}

/** The 420 Unknown Attribute error response listing the attributes we did not understand. */
export function unknownAttributesError(
  transactionId: Uint8Array,
  types: readonly number[],
): Uint8Array {
  const reason = new TextEncoder().encode('Unknown Attribute');
  const errorCode = new Uint8Array(4 + reason.length);
  errorCode[2] = 4; // class 4
  errorCode[3] = 20; // number 20 → 420
  errorCode.set(reason, 4);
  const list = new Uint8Array(types.length * 2);
  types.forEach((t, i) => new DataView(list.buffer).setUint16(i * 2, t));
  return buildMessage(BINDING_ERROR, transactionId, [
    [ATTR_ERROR_CODE, errorCode],
    [ATTR_UNKNOWN_ATTRIBUTES, list],
  ]);
}

/** Reads XOR-MAPPED-ADDRESS from a success response; for tests and the bench. */
export function readXorMappedAddress(
  response: Uint8Array,
): { address: string; port: number } | undefined {
  const view = new DataView(response.buffer, response.byteOffset, response.byteLength);
  let offset = HEADER_BYTES;
  while (offset + 4 <= response.length) {
    const type = view.getUint16(offset);
    const length = view.getUint16(offset + 2);
    if (type === ATTR_XOR_MAPPED_ADDRESS && view.getUint8(offset + 5) === 0x01) {
      const port = view.getUint16(offset + 6) ^ (MAGIC_COOKIE >>> 16);
      const ip = view.getUint32(offset + 8) ^ MAGIC_COOKIE;
      return { address: [24, 16, 8, 0].map((s) => (ip >>> s) & 0xff).join('.'), port };
    }
    offset += 4 + Math.ceil(length / 4) * 4;
  }
  return undefined;
}
