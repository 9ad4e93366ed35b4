import { createSocket } from 'node:dgram';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import {
  bindingSuccess,
  MAGIC_COOKIE,
  parseStunRequest,
  readXorMappedAddress,
  unknownAttributesError,
} from '../src/stun-codec.js';
import { startStunServer, type StunServer } from '../src/stun-server.js';

const TID = Uint8Array.from({ length: 12 }, (_, i) => i + 1);

/** A Binding request as Chromium sends it to a STUN server (optionally with attributes). */
function request(attributes: Uint8Array = new Uint8Array(0), type = 0x0001): Uint8Array {
  const out = new Uint8Array(20 + attributes.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, type);
  view.setUint16(2, attributes.length);
  view.setUint32(4, MAGIC_COOKIE);
  out.set(TID, 8);
  out.set(attributes, 20);
  return out;
}

function fingerprintOk(message: Uint8Array): boolean {
  const view = new DataView(message.buffer, message.byteOffset);
  const at = message.length - 8;
  return (
    view.getUint16(at) === 0x8028 &&
    view.getUint32(at + 4) === (crc32(message.subarray(0, at)) ^ 0x5354554e) >>> 0
  );
}

describe('the STUN codec', () => {
  it('answers a Binding request with the XOR-mapped source address and a valid fingerprint', () => {
    const parsed = parseStunRequest(request());
    expect(parsed).toEqual({ kind: 'binding', transactionId: TID });
    const response = bindingSuccess(TID, '192.168.1.23', 54321);
    const view = new DataView(response.buffer);
    expect(view.getUint16(0)).toBe(0x0101);
    expect(view.getUint16(2)).toBe(response.length - 20);
    expect(response.subarray(8, 20)).toEqual(TID);
    expect(readXorMappedAddress(response)).toEqual({ address: '192.168.1.23', port: 54321 });
    expect(fingerprintOk(response)).toBe(true);
  });

  it('encodes IPv6 sources XORed with the cookie and the transaction id', () => {
    const response = bindingSuccess(TID, 'fd00::1', 4000);
    const view = new DataView(response.buffer);
    expect(view.getUint16(20)).toBe(0x0020);
    expect(view.getUint16(22)).toBe(20);
    expect(view.getUint8(25)).toBe(0x02);
    const xored = response.subarray(28, 44);
    const key = new Uint8Array(16);
    new DataView(key.buffer).setUint32(0, MAGIC_COOKIE);
    key.set(TID, 4);
    const plain = xored.map((b, i) => b ^ (key[i] ?? 0));
    expect([...plain]).toEqual([0xfd, 0, ...Array<number>(13).fill(0), 1]);
  });

  it('ignores what is not a well-formed Binding request', () => {
    expect(parseStunRequest(new Uint8Array(10)).kind).toBe('ignore');
    expect(parseStunRequest(request(new Uint8Array(0), 0x0011)).kind).toBe('ignore'); // indication
    const noCookie = request();
    noCookie[4] = 0;
    expect(parseStunRequest(noCookie)).toEqual({ kind: 'ignore', reason: 'no magic cookie' });
    const truncated = request(Uint8Array.from([0x80, 0x22, 0, 8, 1, 2, 3, 4]));
    expect(parseStunRequest(truncated)).toEqual({ kind: 'ignore', reason: 'truncated attribute' });
    expect(parseStunRequest(new Uint8Array(2000)).kind).toBe('ignore');
  });

  it('answers 420 listing comprehension-required attributes it does not know', () => {
    const parsed = parseStunRequest(request(Uint8Array.from([0x00, 0x25, 0, 0])));
    expect(parsed).toEqual({ kind: 'unknown-attributes', transactionId: TID, types: [0x25] });
    const response = unknownAttributesError(TID, [0x25]);
    const view = new DataView(response.buffer);
    expect(view.getUint16(0)).toBe(0x0111);
    expect(view.getUint8(26)).toBe(4);
    expect(view.getUint8(27)).toBe(20);
  });
});

describe('the STUN server', () => {
  let server: StunServer;
  beforeAll(async () => {
    server = await startStunServer('127.0.0.1', 0, silentLogger);
  });
  afterAll(() => server.close());

  it('tells a UDP client its own address and port', async () => {
    const client = createSocket('udp4');
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
    const reply = new Promise<Buffer>((resolve) => client.once('message', resolve));
    client.send(request(), server.port, '127.0.0.1');
    const mapped = readXorMappedAddress(await reply);
    expect(mapped).toEqual({ address: '127.0.0.1', port: client.address().port });
    client.close();
  });

  it('stops answering a source that floods it', async () => {
    const client = createSocket('udp4');
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
    let replies = 0;
    client.on('message', () => (replies += 1));
    for (let i = 0; i < 200; i++) client.send(request(), server.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 300));
    expect(replies).toBeGreaterThan(20);
    expect(replies).toBeLessThan(120);
    client.close();
  });
});
