/**
 * Carries messages between the store and the mesh, in the tab that leads the mesh. The store
 * keeps every message and does all the cryptography; this only moves bytes: what the store says
 * is unacknowledged goes out on topic `msg`, ciphertexts that come in go to the store (in order per
 * peer), and receipts go both ways. Mine unacknowledged are sent again with the mesh's backoff
 * while the peer stays silent, and from the start on every `peer-up` (a replaced channel or a
 * restarted peer drops what it had not acknowledged); the store recognises a retry, so it is
 * shown once however often it comes. Read receipts wait for the peer's `read-ack` the same way.
 * My notes to self go to my other devices (`mine`: the mesh knows which peers are My devices),
 * never to a contact. Files: FileCourier, on the same per-peer line.
 */
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import { SELF } from '../core/api/messages.ts';
import { Backoff } from '../core/mesh/backoff.ts';
import { INBOUND_LIMIT_BYTES, InboundBudget } from '../core/mesh/inbound-budget.ts';
import type { Mesh } from '../core/mesh/mesh.ts';
import {
  MESSAGE_TOPIC,
  encodeFrame,
  parseFrame,
  type MessageFrame,
} from '../core/messaging/frames.ts';
import { FileCourier } from './file-courier.ts';
import type { StoreClient } from './store-client.ts';

/** Starts this peer's ratchet session in the store if it has none from this pairing. */
export type EnsureSession = (peer: DeviceId) => Promise<void>;

interface PeerLine {
  /** Every step for this peer runs after the one before: the store sees messages in order. */
  tail: Promise<void>;
  /** Ids sent on the current channel; a flush after a change sends only the rest. */
  readonly sent: Set<string>;
  readonly backoff: Backoff;
  timer: ReturnType<typeof setTimeout> | null;
}

const log = (what: string) => (error: unknown) => console.warn(`messages: ${what}`, error);

export class MessageCourier {
  readonly #lines = new Map<DeviceId, PeerLine>();
  readonly #files: FileCourier;
  /** What received frames hold while they wait for the peer's line (a flood is dropped). */
  readonly #inbound: InboundBudget<DeviceId>;

  constructor(
    private readonly mesh: Mesh,
    private readonly store: StoreClient,
    private readonly ensureSession: EnsureSession,
    inboundLimit = INBOUND_LIMIT_BYTES,
  ) {
    this.#inbound = new InboundBudget(inboundLimit);
    this.#files = new FileCourier(store, {
      enqueue: (peer, step) => this.#enqueue(peer, step),
      send: (peer, frame) => this.#send(peer, frame),
      isUp: (peer) => mesh.isUp(peer),
    });
  }

  #mine(peer: DeviceId): boolean {
    return this.mesh.myDevices().includes(peer);
  }

  start(): void {
    this.mesh.subscribe((event) => {
      if (event.type === 'peer-up') this.#restart(event.deviceId);
      else if (event.type === 'peer-down') this.#stop(event.deviceId);
    });
    this.mesh.on(MESSAGE_TOPIC, (from, bytes) => this.#received(from, bytes));
    this.store.on('messages.changed', ({ conversation }) => {
      // A note to self goes to every one of my devices that is up now (the rest on peer-up).
      const peers = conversation === SELF ? this.mesh.myDevices() : [conversation as DeviceId];
      for (const peer of peers) {
        if (this.mesh.isUp(peer)) this.#enqueue(peer, () => this.#flush(peer, false));
      }
    });
    for (const peer of this.mesh.peers().map((p) => p.deviceId)) {
      if (this.mesh.isUp(peer)) this.#restart(peer);
    }
  }

  #line(peer: DeviceId): PeerLine {
    let line = this.#lines.get(peer);
    if (!line) {
      line = {
        tail: Promise.resolve(),
        sent: new Set(),
        backoff: new Backoff(Math.random),
        timer: null,
      };
      this.#lines.set(peer, line);
    }
    return line;
  }

  #enqueue(peer: DeviceId, step: () => Promise<void>): void {
    const line = this.#line(peer);
    line.tail = line.tail.then(step).catch(log(`with ${peer}`));
  }

  /** A new channel: make sure of the session, then send everything unacknowledged again. */
  #restart(peer: DeviceId): void {
    const line = this.#line(peer);
    line.sent.clear();
    line.backoff.reset();
    this.#enqueue(peer, async () => {
      await this.ensureSession(peer);
      await this.#flush(peer, true);
      await this.#files.restart(peer);
    });
  }

  #stop(peer: DeviceId): void {
    const line = this.#lines.get(peer);
    if (!line) return;
    if (line.timer !== null) clearTimeout(line.timer);
    line.timer = null;
    line.sent.clear();
    this.#files.stop(peer);
  }

  /** Sends what the store has for `peer`: all unacknowledged (`again`) or only the new ones. */
  async #flush(peer: DeviceId, again: boolean): Promise<void> {
    const line = this.#line(peer);
    if (again) line.sent.clear();
    const outgoing = await this.store.call('messages.outgoing', { peer, mine: this.#mine(peer) });
    const fresh = outgoing.filter((m) => !line.sent.has(m.id));
    for (const m of fresh) {
      if (!(await this.#send(peer, { type: 'cipher', bytes: m.bytes }))) return;
      line.sent.add(m.id);
    }
    if (fresh.length > 0) {
      await this.store.call('messages.sent', { peer, ids: fresh.map((m) => m.id) });
    }
    // Again (a new channel, a retry): also the receipts sent that the peer never acknowledged.
    const owed = await this.store.call('messages.receiptsOwed', { peer, again });
    if (owed.length > 0 && (await this.#send(peer, { type: 'read', ids: owed }))) {
      await this.store.call('messages.receiptsSent', { peer, ids: owed });
    }
    this.#schedule(peer, outgoing.length > 0 || owed.length > 0);
  }

  /** While messages wait for an acknowledgement, try again after the backoff's next delay. */
  #schedule(peer: DeviceId, waiting: boolean): void {
    const line = this.#line(peer);
    if (line.timer !== null) clearTimeout(line.timer);
    line.timer = null;
    if (!waiting) {
      line.backoff.reset();
      return;
    }
    line.timer = setTimeout(() => {
      line.timer = null;
      if (this.mesh.isUp(peer)) this.#enqueue(peer, () => this.#flush(peer, true));
    }, line.backoff.next());
  }

  /** False when the peer is offline or unknown now (its next peer-up sends again). */
  async #send(peer: DeviceId, frame: MessageFrame): Promise<boolean> {
    try {
      await this.mesh.send(peer, MESSAGE_TOPIC, encodeFrame(frame));
      return true;
    } catch (error) {
      const gone =
        error instanceof KianaError &&
        (error.code === 'peer-offline' || error.code === 'peer-unknown');
      if (!gone) throw error;
      return false;
    }
  }

  #received(from: DeviceId, bytes: Uint8Array): void {
    let frame: MessageFrame;
    try {
      frame = parseFrame(bytes);
    } catch (error) {
      // A malformed frame is the peer's problem: logged and dropped, the line goes on.
      return log(`malformed frame from ${from}`)(error);
    }
    const size = bytes.byteLength;
    if (!this.#inbound.take(from, size)) {
      // A message's sender sends it again until acknowledged, a dropped chunk is asked for again;
      // a flood is cut off here.
      console.warn(`messages: dropped a frame from ${from}: too much waiting from that device`);
      if (frame.type === 'chunk') this.#files.dropped(from, frame);
      return;
    }
    this.#enqueue(from, () =>
      this.#handle(from, frame).finally(() => this.#inbound.give(from, size)),
    );
  }

  async #handle(from: DeviceId, frame: MessageFrame): Promise<void> {
    switch (frame.type) {
      case 'cipher': {
        const mine = this.#mine(from);
        const r = await this.store.call('messages.receive', {
          peer: from,
          bytes: frame.bytes,
          mine,
        });
        if (r.outcome === 'rejected') {
          console.warn(`messages: refused a message from ${from}: ${r.code}`);
          return;
        }
        // New or seen before: either way the sender may stop retrying.
        await this.#send(from, { type: 'delivered', ids: [r.id] });
        // It may have announced a file: start pulling it.
        if (r.outcome === 'new') await this.#files.ask(from);
        return;
      }
      case 'delivered':
        return this.store.call('messages.receipt', {
          peer: from,
          type: 'delivered',
          ids: frame.ids,
        });
      case 'read':
        // Idempotent here (a state only moves forward), so a receipt sent again is harmless.
        await this.store.call('messages.receipt', { peer: from, type: 'read', ids: frame.ids });
        await this.#send(from, { type: 'read-ack', ids: frame.ids });
        return;
      case 'read-ack':
        return this.store.call('messages.receiptsAcked', { peer: from, ids: frame.ids });
      case 'want':
        return this.#files.served(from, frame);
      case 'chunk':
        return this.#files.received(from, frame);
    }
  }
}
