/**
 * Starts the whole companion: the static server plus everything that makes it useful on a LAN —
 * PeerJS signalling, the private directory, links to other companions, mDNS, STUN and HTTPS with
 * a local CA — and stops it in the right order (mDNS goodbye first, so others stop dialing).
 */
import { isIPv4 } from 'node:net';
import { currentAddresses, watchAddresses } from './addresses.js';
import type { CompanionConfig } from './config.js';
import { DirectoryService } from './directory-service.js';
import { DirectoryStore } from './directory-store.js';
import { Discovery, type Advertisement, type SeenCompanion } from './discovery.js';
import { loadCompanionId, newCompanionId } from './identity.js';
import type { LanConfig } from './lan-config.js';
import { lanInfo } from './lan-info.js';
import { lanRoutes } from './lan-routes.js';
import { LinkManager } from './links.js';
import type { Logger } from './log.js';
import { PeerHub } from './peer-hub.js';
import { findRepoRoot, readPackageVersion } from './paths.js';
import { ConnectionLimiter } from './rate-limit.js';
import { startCompanion, type Companion } from './server.js';
import {
  DIRECTORY_MAX_FRAME_BYTES,
  DIRECTORY_PATH,
  LINK_MAX_FRAME_BYTES,
  LINK_PATH,
  PEERJS_MAX_FRAME_BYTES,
  PEERJS_PATH,
  type IceServer,
} from '@kiana/shared/protocol';
import { startStunServer, type StunServer } from './stun-server.js';
import { LocalCertificates, loadUserCertificate, type TlsMaterial } from './tls/store.js';
import { certificateNames, isOwnOrigin, ownHostnames } from './own-origin.js';
import { ollamaRoute } from './ollama-route.js';
import { attachUpgrades, type Endpoint } from './ws-gate.js';

export interface LanCompanion {
  readonly companion: Companion;
  readonly id: string;
  readonly stunPort: number | null;
  /**
   * Treats `companion` as found on mDNS (tests, and networks that drop multicast): it may link,
   * and is dialed if its id is larger.
   */
  introduce(companion: SeenCompanion): void;
  close(): Promise<void>;
}

/** Knobs for tests and the bench; production uses the defaults. */
export interface LanTuning {
  /** Directory entry lifetime after an announcement (default 60 s). */
  readonly entryTtlMs?: number;
}

const WILDCARD = new Set(['0.0.0.0', '::']);

async function openTls(
  lan: LanConfig,
  logger: Logger,
): Promise<
  { material: () => TlsMaterial; refresh: (a: string[]) => Promise<boolean> } | undefined
> {
  if (lan.httpsPort === null) return undefined;
  if (lan.tls !== null) {
    const material = await loadUserCertificate(lan.tls.certFile, lan.tls.keyFile);
    logger.info('using supplied certificate', { cert: lan.tls.certFile });
    return { material: () => material, refresh: () => Promise.resolve(false) };
  }
  const local = await LocalCertificates.open(lan.dataDir, lan.name, currentAddresses(), logger);
  return { material: () => local.material, refresh: (addresses) => local.refresh(addresses) };
}

/** Starts everything `config` and `lan` ask for; resolves once every listener is bound. */
export async function startLanCompanion(
  config: CompanionConfig,
  lan: LanConfig,
  logger: Logger,
  tuning: LanTuning = {},
): Promise<LanCompanion> {
  const version = readPackageVersion(findRepoRoot());
  // The id persists only where the companion keeps files anyway; a loopback-only companion
  // (tests, a laptop) gets a fresh one and writes nothing.
  const persistent = lan.mdns || (lan.httpsPort !== null && lan.tls === null);
  const id = persistent ? await loadCompanionId(lan.dataDir) : newCompanionId();
  const tls = await openTls(lan, logger);

  const store = new DirectoryStore(id);
  const introduced = new Map<string, SeenCompanion>();
  const hub = new PeerHub({ logger });
  let stun: StunServer | undefined;
  let discovery: Discovery | undefined;
  const stunAddresses = (): string[] =>
    WILDCARD.has(config.host) ? currentAddresses().filter((a) => isIPv4(a)) : [config.host];
  const iceServers = (): IceServer[] =>
    stun === undefined || stunAddresses().length === 0
      ? []
      : [{ urls: stunAddresses().map((a) => `stun:${a}:${stun?.port ?? 0}`) }];

  const directory = new DirectoryService({
    store,
    logger,
    owns: (peer, key) => hub.owns(peer, key),
    iceServers,
    onLocalChange: () => linkManager.pushState(),
    ...(tuning.entryTtlMs === undefined ? {} : { ttlMs: tuning.entryTtlMs }),
  });
  const linkManager = new LinkManager({
    selfId: id,
    name: lan.name,
    version,
    logger,
    store,
    hub,
    seen: (other) => discovery?.get(other) ?? introduced.get(other),
    onRemoteChange: () => directory.changed(),
  });
  hub.router = linkManager;

  // Set once the companion listens (its ports are part of the answer); until then nobody is own.
  let isOwn: (origin: string) => boolean = () => false;
  const companion = await startCompanion({
    ...config,
    logger,
    version,
    ...(config.ollamaHost === null
      ? {}
      : {
          ollama: ollamaRoute({
            host: config.ollamaHost,
            logger,
            ownOrigin: (origin) => isOwn(origin),
          }),
        }),
    ...(tls === undefined || lan.httpsPort === null
      ? {}
      : { https: { port: lan.httpsPort, ...tls.material() } }),
    extraRoutes: lanRoutes(
      () => ({
        name: lan.name,
        httpsPort: companion.https?.port ?? null,
        caPem: tls?.material().caPem ?? null,
        caFingerprint: tls?.material().caFingerprint ?? null,
      }),
      () =>
        lanInfo({
          name: lan.name,
          host: config.host,
          httpPort: companion.port,
          httpsPort: companion.https?.port ?? null,
          mdns: lan.mdns,
          localCa: tls !== undefined && lan.tls === null,
          addresses: currentAddresses(),
        }),
    ),
    healthExtras: () => ({
      companion: { id, name: lan.name },
      peers: hub.size,
      directory: { local: store.localEntryCount(), remote: store.remoteEntryCount() },
      companions: [...(discovery?.seen() ?? []), ...introduced.values()].map((c) => ({
        id: c.id,
        name: c.name,
        addresses: c.addresses,
        port: c.httpPort,
        linked: linkManager.linked().has(c.id),
        lastSeen: new Date(c.lastSeen).toISOString(),
      })),
    }),
  });

  const limiter = new ConnectionLimiter(64, 2048);
  const endpoints = new Map<string, Endpoint>([
    [
      `${PEERJS_PATH}/peerjs`,
      {
        maxPayload: PEERJS_MAX_FRAME_BYTES,
        browser: true,
        loopbackOnlyOverHttp: tls !== undefined,
        connect: (socket, req, from) =>
          hub.accept(socket, new URL(req.url ?? '/', 'http://x').searchParams, from),
      },
    ],
    [
      DIRECTORY_PATH,
      {
        maxPayload: DIRECTORY_MAX_FRAME_BYTES,
        browser: true,
        loopbackOnlyOverHttp: tls !== undefined,
        connect: (socket, _req, from) => directory.accept(socket, from),
      },
    ],
    [
      LINK_PATH,
      {
        maxPayload: LINK_MAX_FRAME_BYTES,
        browser: false,
        loopbackOnlyOverHttp: false,
        connect: (socket, _req, from) => linkManager.accept(socket, from),
      },
    ],
  ]);
  // Read per upgrade: addresses and the certificate change while the companion runs.
  const ownOrigin = (origin: string): boolean => {
    const hostnames = ownHostnames({
      name: lan.name,
      host: config.host,
      addresses: currentAddresses(),
      certNames: tls === undefined ? [] : certificateNames(tls.material().cert),
    });
    const ports = [companion.port, ...(companion.https ? [companion.https.port] : [])];
    return isOwnOrigin(origin, hostnames, ports);
  };
  isOwn = ownOrigin;
  attachUpgrades(companion.server, false, endpoints, limiter, logger, ownOrigin);
  if (companion.https !== undefined)
    attachUpgrades(companion.https.server, true, endpoints, limiter, logger, ownOrigin);

  // The directory forgets announcements of PeerJS clients that left, and linked companions hear
  // of the new peer list.
  hub.onChange = () => {
    directory.retainPeers(new Set(hub.ids()));
    directory.changed();
  };

  if (lan.stunPort !== null) {
    try {
      stun = await startStunServer(config.host, lan.stunPort, logger);
    } catch (error) {
      // Without this the HTTP listeners would keep a process alive that failed to start.
      directory.close();
      hub.close();
      linkManager.close();
      await companion.close();
      throw error;
    }
  }

  const advertisement = (): Advertisement => ({
    id,
    name: lan.name,
    version,
    httpPort: companion.port,
    httpsPort: companion.https?.port ?? null,
    stunPort: stun?.port ?? null,
    caFingerprint: tls?.material().caFingerprint ?? null,
  });
  if (lan.mdns) {
    discovery = new Discovery(advertisement(), logger);
    discovery.on('up', (seen) => linkManager.discovered(seen));
  }

  const stopWatching = watchAddresses((addresses) => {
    logger.info('addresses changed', { addresses });
    void (async () => {
      if (tls !== undefined && companion.https !== undefined && (await tls.refresh(addresses))) {
        const { key, cert } = tls.material();
        companion.https.server.setSecureContext({ key, cert });
      }
      discovery?.update(advertisement());
      discovery?.query();
    })().catch((error: unknown) => logger.error('address change failed', { error }));
  });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      stopWatching();
      await discovery?.stop();
      linkManager.close();
      directory.close();
      hub.close();
      await stun?.close();
      await companion.close();
    })();
    return closed;
  };
  const introduce = (other: SeenCompanion): void => {
    introduced.set(other.id, other);
    linkManager.discovered(other);
  };
  return { companion, id, stunPort: stun?.port ?? null, introduce, close };
}
