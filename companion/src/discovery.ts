/**
 * mDNS: advertises this companion as `_kiana._tcp` (instance `<name>-<id prefix>`, host
 * `<name>.local`) and browses for the others. The TXT record carries what another companion or
 * a curious user needs: companion id, version, ports and the CA fingerprint. Re-announces when
 * the addresses or TXT change, and says goodbye (TTL 0) on shutdown.
 */
import { EventEmitter } from 'node:events';
import { Bonjour, type Browser, type Service } from 'bonjour-service';
import type { Logger } from './log.js';
import { COMPANION_ID, COMPANION_NAME } from '@kiana/shared/protocol';

export const SERVICE_TYPE = 'kiana';

/** What this companion advertises. */
export interface Advertisement {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly httpPort: number;
  readonly httpsPort: number | null;
  readonly stunPort: number | null;
  readonly caFingerprint: string | null;
}

/** Another companion, as mDNS last described it. */
export interface SeenCompanion {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly addresses: readonly string[];
  readonly httpPort: number;
  readonly httpsPort: number | null;
  readonly stunPort: number | null;
  readonly caFingerprint: string | null;
  readonly lastSeen: number;
}

/** TXT keys are short: every announcement carries them. */
export function txtRecord(ad: Advertisement): Record<string, string> {
  const txt: Record<string, string> = { id: ad.id, v: ad.version, http: String(ad.httpPort) };
  if (ad.httpsPort !== null) txt['https'] = String(ad.httpsPort);
  if (ad.stunPort !== null) txt['stun'] = String(ad.stunPort);
  // Colon-free hex keeps the TXT string at 64 characters.
  if (ad.caFingerprint !== null) txt['ca'] = ad.caFingerprint.replaceAll(':', '').toLowerCase();
  return txt;
}

function port(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,5}$/.test(value) && Number(value) <= 65535
    ? Number(value)
    : null;
}

/**
 * Reads a discovered service into a {@link SeenCompanion}; undefined for anything that is not a
 * well-formed Kiana companion (those are ignored, and logged at debug level by the caller).
 */
export function readService(service: Service, now: number): SeenCompanion | undefined {
  const txt: unknown = service.txt;
  if (typeof txt !== 'object' || txt === null) return undefined;
  const fields = txt as Record<string, unknown>;
  const { id, v, ca } = fields;
  const httpPort = port(fields['http']);
  const name = service.host.replace(/\.local\.?$/, '');
  if (typeof id !== 'string' || !COMPANION_ID.test(id) || httpPort === null) return undefined;
  if (!COMPANION_NAME.test(name)) return undefined;
  const referer = service.referer?.address;
  const addresses = [
    ...new Set([...(referer === undefined ? [] : [referer]), ...(service.addresses ?? [])]),
  ];
  return {
    id,
    name,
    version: typeof v === 'string' ? v.slice(0, 32) : '',
    addresses,
    httpPort,
    httpsPort: port(fields['https']),
    stunPort: port(fields['stun']),
    caFingerprint: typeof ca === 'string' && /^[0-9a-f]{64}$/.test(ca) ? ca : null,
    lastSeen: now,
  };
}

export interface DiscoveryEvents {
  up: [companion: SeenCompanion];
  down: [id: string];
}

/** Advertising and browsing; emits `up` for new or changed companions and `down` on goodbye. */
export class Discovery extends EventEmitter<DiscoveryEvents> {
  readonly #bonjour: Bonjour;
  readonly #browser: Browser;
  readonly #seen = new Map<string, SeenCompanion>();
  readonly #timer: NodeJS.Timeout;
  #service: Service | undefined;
  #ad: Advertisement;

  constructor(
    ad: Advertisement,
    private readonly logger: Logger,
  ) {
    super();
    this.#ad = ad;
    // bonjour-service throws socket errors by default; a LAN hiccup must not end the process.
    this.#bonjour = new Bonjour({}, (error: unknown) => logger.error('mdns error', { error }));
    this.#publish();
    this.#browser = this.#bonjour.find({ type: SERVICE_TYPE });
    const onService = (service: Service) => this.#onService(service);
    this.#browser.on('up', onService);
    this.#browser.on('txt-update', onService);
    this.#browser.on('srv-update', onService);
    this.#browser.on('down', (service) => {
      const found = readService(service, Date.now());
      if (found === undefined || !this.#seen.delete(found.id)) return;
      this.logger.info('companion left', { id: found.id, name: found.name });
      this.emit('down', found.id);
    });
    // The library neither re-queries nor expires on its own: a periodic query finds companions
    // whose first announcement we missed.
    this.#timer = setInterval(() => {
      this.#browser.update();
      this.#browser.expire();
    }, 15_000);
    this.#timer.unref();
  }

  #publish(): void {
    const ad = this.#ad;
    this.#service = this.#bonjour.publish({
      name: `${ad.name}-${ad.id.slice(0, 8)}`,
      type: SERVICE_TYPE,
      port: ad.httpPort,
      host: `${ad.name}.local`,
      txt: txtRecord(ad),
      // The id in the instance name makes it unique, and probing would print to stdout.
      probe: false,
    });
    this.logger.info('mdns advertised', { name: `${ad.name}.local`, txt: txtRecord(ad) });
  }

  #onService(service: Service): void {
    const found = readService(service, Date.now());
    if (found === undefined) {
      this.logger.debug('mdns ignored service', { name: service.name });
      return;
    }
    if (found.id === this.#ad.id) return;
    const known = this.#seen.has(found.id);
    this.#seen.set(found.id, found);
    if (!known)
      this.logger.info('companion found', {
        id: found.id,
        name: found.name,
        addresses: found.addresses,
      });
    this.emit('up', found);
  }

  /** Companions seen and not gone, newest information first. */
  seen(): SeenCompanion[] {
    return [...this.#seen.values()];
  }

  get(id: string): SeenCompanion | undefined {
    return this.#seen.get(id);
  }

  /** Re-announces with new details (ports, fingerprint) or after the addresses changed. */
  update(ad: Advertisement): void {
    this.#ad = ad;
    const old = this.#service;
    if (old === undefined) return this.#publish();
    // stop() sends the goodbye for the old records; publish again once it went out.
    const stop = old.stop as (callback: () => void) => void;
    stop(() => this.#publish());
  }

  /** Asks the LAN again now (e.g. after the addresses changed). */
  query(): void {
    this.#browser.update();
  }

  /** Sends goodbye packets for our service, then closes the mDNS socket. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#browser.stop();
    await new Promise<void>((resolve) => {
      const done = setTimeout(resolve, 1000);
      this.#bonjour.unpublishAll(() => {
        clearTimeout(done);
        resolve();
      });
    });
    await new Promise<void>((resolve) => this.#bonjour.destroy(() => resolve()));
  }
}
