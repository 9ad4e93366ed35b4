/**
 * Binary frames on a mesh data channel, at most {@link MAX_FRAME_BYTES} each: SCTP messages above
 * 16 KiB are not portable between browsers, and small frames keep a large transfer from blocking
 * heartbeats for long. Byte 0 is the kind:
 *
 * - `1` control: UTF-8 JSON of a control message (mesh.ts).
 * - `2` data: `seq u32 ‖ index u16 ‖ count u16 ‖ topicLength u8 ‖ topic ‖ chunk`, big-endian. A
 *   message of any size up to {@link MAX_MESSAGE_BYTES} is split into `count` chunks sent
 *   back to back under one sequence number.
 */
import { reject } from './check.ts';
import { encodeControl, parseControl, type ControlMessage } from './mesh.ts';

export const MAX_FRAME_BYTES = 16 * 1024;
/** Larger messages are refused before any chunk is sent (and when reassembling). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Topics name what a message is for (`chain.sync`); the mesh routes by them. */
export const TOPIC = /^[a-z][a-z0-9._-]{0,63}$/;

const KIND_CONTROL = 1;
const KIND_DATA = 2;
const DATA_HEADER = 1 + 4 + 2 + 2 + 1;

/** One data chunk after decoding. */
export interface DataFrame {
  readonly kind: 'data';
  readonly seq: number;
  readonly index: number;
  readonly count: number;
  readonly topic: string;
  readonly chunk: Uint8Array;
}

export type Frame = { readonly kind: 'control'; readonly message: ControlMessage } | DataFrame;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when `topic` is a valid topic name. */
export function isTopic(topic: unknown): topic is string {
  return typeof topic === 'string' && TOPIC.test(topic);
}

/** One control frame. */
export function controlFrame(message: ControlMessage): Uint8Array {
  const json = encoder.encode(encodeControl(message));
  const frame = new Uint8Array(1 + json.length);
  frame[0] = KIND_CONTROL;
  frame.set(json, 1);
  return frame;
}

/**
 * The data frames of one message, each at most {@link MAX_FRAME_BYTES}. An empty message is one
 * frame with an empty chunk.
 *
 * @throws KianaError `bad-message` for a bad topic, a bad sequence number or an oversized message
 */
export function dataFrames(seq: number, topic: string, bytes: Uint8Array): Uint8Array[] {
  if (!isTopic(topic)) reject('data: bad topic');
  if (!Number.isInteger(seq) || seq < 1 || seq > 0xffff_ffff) reject('data: bad seq');
  if (bytes.length > MAX_MESSAGE_BYTES) reject('data: message too large');
  const topicBytes = encoder.encode(topic);
  const room = MAX_FRAME_BYTES - DATA_HEADER - topicBytes.length;
  const count = Math.max(1, Math.ceil(bytes.length / room));
  const frames: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const chunk = bytes.subarray(index * room, (index + 1) * room);
    const frame = new Uint8Array(DATA_HEADER + topicBytes.length + chunk.length);
    const view = new DataView(frame.buffer);
    frame[0] = KIND_DATA;
    view.setUint32(1, seq);
    view.setUint16(5, index);
    view.setUint16(7, count);
    frame[9] = topicBytes.length;
    frame.set(topicBytes, DATA_HEADER);
    frame.set(chunk, DATA_HEADER + topicBytes.length);
    frames.push(frame);
  }
  return frames;
}

/**
 * Decodes one frame from a peer.
 *
 * @throws KianaError `bad-message` for an oversized, truncated or unknown frame
 */
export function parseFrame(frame: Uint8Array): Frame {
  if (frame.length === 0 || frame.length > MAX_FRAME_BYTES) reject('frame: bad size');
  if (frame[0] === KIND_CONTROL) {
    let text: string;
    try {
      text = decoder.decode(frame.subarray(1));
    } catch {
      return reject('frame: control is not UTF-8');
    }
    return { kind: 'control', message: parseControl(text) };
  }
  if (frame[0] !== KIND_DATA || frame.length < DATA_HEADER) reject('frame: unknown kind');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const seq = view.getUint32(1);
  const index = view.getUint16(5);
  const count = view.getUint16(7);
  const topicLength = frame[9] ?? 0;
  if (seq === 0 || count === 0 || index >= count) reject('frame: bad chunk numbering');
  if (frame.length < DATA_HEADER + topicLength) reject('frame: truncated');
  let topic: string;
  try {
    topic = decoder.decode(frame.subarray(DATA_HEADER, DATA_HEADER + topicLength));
  } catch {
    return reject('frame: topic is not UTF-8');
  }
  if (!isTopic(topic)) reject('frame: bad topic');
  return {
    kind: 'data',
    seq,
    index,
    count,
    topic,
    chunk: frame.subarray(DATA_HEADER + topicLength),
  };
}

/**
 * Collects the chunks of one message at a time, in order (a channel is ordered and a sender
 * never interleaves two messages). Returns the whole message once its last chunk arrived.
 */
export class Reassembler {
  #seq = 0;
  #topic = '';
  #next = 0;
  #count = 0;
  #parts: Uint8Array[] = [];
  #size = 0;

  /**
   * Adds a chunk; the finished message, or null while more chunks are due.
   *
   * @throws KianaError `bad-message` for a chunk out of order or a message over the size limit
   */
  push(frame: DataFrame): { seq: number; topic: string; bytes: Uint8Array } | null {
    if (frame.index === 0) {
      // A new message; a half-received one before it was abandoned by a replaced connection.
      this.#seq = frame.seq;
      this.#topic = frame.topic;
      this.#count = frame.count;
      this.#next = 0;
      this.#parts = [];
      this.#size = 0;
    } else if (
      frame.seq !== this.#seq ||
      frame.index !== this.#next ||
      frame.count !== this.#count ||
      frame.topic !== this.#topic
    ) {
      reject('frame: chunk out of order');
    }
    this.#size += frame.chunk.length;
    if (this.#size > MAX_MESSAGE_BYTES) reject('frame: message too large');
    this.#parts.push(frame.chunk.slice());
    this.#next = frame.index + 1;
    if (this.#next < this.#count) return null;
    const bytes = new Uint8Array(this.#size);
    let at = 0;
    for (const part of this.#parts) {
      bytes.set(part, at);
      at += part.length;
    }
    this.#parts = [];
    return { seq: this.#seq, topic: this.#topic, bytes };
  }
}
