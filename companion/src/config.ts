import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_HTTPS_PORT,
  DEFAULT_STUN_PORT,
  parseLanConfig,
  type LanConfig,
} from './lan-config.js';
import { isLogLevel, LOG_LEVELS, type LogLevel } from './log.js';
import { TEST_MODELS_FLAG, testModelsDir } from './test-models.js';
import { DEFAULT_OLLAMA_HOST, parseOllamaHost } from './ollama-route.js';

/** Everything the companion needs to start, after flags, environment and defaults are merged. */
export interface CompanionConfig {
  readonly port: number;
  readonly host: string;
  readonly distDir: string;
  readonly modelsDir: string;
  readonly logLevel: LogLevel;
  /**
   * Where `/ollama/` forwards Ask's questions (env OLLAMA_HOST, as Ollama itself reads it); null,
   * and no `/ollama/` route at all, unless the person set it: any host on the LAN can call the
   * route (an Origin check only binds browsers), so it must never open a loopback-only Ollama to
   * the network by default.
   */
  readonly ollamaHost: URL | null;
}

/** The outcome of reading the command line: run, print help, or refuse with a message. */
export type ConfigResult =
  | { readonly kind: 'run'; readonly config: CompanionConfig; readonly lan: LanConfig }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'error'; readonly message: string };

/** What the parser reads besides argv, passed in so the parser stays a pure function. */
export interface ConfigContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative --dist / --models paths resolve against this. */
  readonly cwd: string;
  /** Defaults for the dist and models directories hang off this. */
  readonly repoRoot: string;
  /** `os.hostname()`, for the default `--name`; 'localhost' when left out. */
  readonly hostname?: string;
}

export const DEFAULT_PORT = 8787;
// All interfaces, so other devices on the LAN can load the app; tests pass 127.0.0.1.
export const DEFAULT_HOST = '0.0.0.0';

/** The text printed by `--help`. */
export const USAGE = `Usage: node companion/dist/main.js [options]

Serves the built Kiana app and the local model files; on the LAN it also relays WebRTC
signalling, keeps the private rendezvous directory, answers STUN and finds other companions.

Options:
  -p, --port PORT       port to listen on; 0 picks a free one   [env KIANA_PORT, default ${DEFAULT_PORT}]
      --host HOST       address to bind                         [env KIANA_HOST, default ${DEFAULT_HOST}]
      --dist DIR        built app directory                     [env KIANA_DIST, default <repo>/dist]
      --models DIR      model files, served under /models/      [env KIANA_MODELS, default <repo>/models]
                        'test': generated test models instead (made on first use)
      --log-level LEVEL ${LOG_LEVELS.join(' | ')}            [env KIANA_LOG_LEVEL, default info]
      --name NAME       answer as NAME.local; one DNS label        [env KIANA_NAME, default kiana-<hostname>]
      --data-dir DIR    keys, certificates, companion id           [env KIANA_DATA_DIR, default ~/.local/share/kiana-companion]
      --https-port PORT HTTPS listener, or off                     [env KIANA_HTTPS_PORT, default ${DEFAULT_HTTPS_PORT}]
      --stun-port PORT  STUN (UDP), or off                         [env KIANA_STUN_PORT, default ${DEFAULT_STUN_PORT}]
      --mdns on|off     advertise and browse _kiana._tcp           [env KIANA_MDNS, default on]
      --tls-cert FILE   your own certificate (PEM) instead of the local CA  [env KIANA_TLS_CERT]
      --tls-key FILE    its private key (PEM)                      [env KIANA_TLS_KEY]
                        Ask's Ollama engine: /ollama/ forwards to [env OLLAMA_HOST, e.g. ${DEFAULT_OLLAMA_HOST};
                        unset: no /ollama/ route]
  -h, --help            print this help and exit

A companion bound to a loopback --host (127.0.0.1, ::1) serves only this machine: HTTPS, STUN
and mDNS are off there unless their flags turn them on.
`;

const OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  dist: { type: 'string' },
  models: { type: 'string' },
  'log-level': { type: 'string' },
  name: { type: 'string' },
  'data-dir': { type: 'string' },
  'https-port': { type: 'string' },
  'stun-port': { type: 'string' },
  mdns: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type FlagName = Exclude<keyof typeof OPTIONS, 'help'>;

function parsePort(raw: string, source: string): number | string {
  // Digits only: Number('') is 0 and Number('1e3') is 1000, neither of which a user meant.
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    return `${source} must be an integer from 0 to 65535, got '${raw}'`;
  }
  return Number(raw);
}

/**
 * Parses command-line flags, falling back to `KIANA_*` environment variables, then to defaults.
 * Flags win over the environment. Never throws and never exits: the caller decides what an error
 * or a help request means (main.ts prints and exits 2 or 0).
 *
 * @param argv the arguments after `node main.js`, i.e. `process.argv.slice(2)`
 */
export function parseConfig(argv: readonly string[], context: ConfigContext): ConfigResult {
  let values: { [K in FlagName]?: string | undefined } & { help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // parseArgs explains unknown flags, missing values and stray positionals in its message.
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: 'error', message: `${detail}\nRun with --help to see the options.` };
  }
  if (values.help === true) return { kind: 'help', text: USAGE };

  const { env } = context;
  // Returns the raw value and where it came from, so error messages name the right source.
  const pick = (
    flagValue: string | undefined,
    flagName: string,
    envName: string,
  ): [value: string, source: string] | undefined => {
    if (flagValue !== undefined) return [flagValue, flagName];
    const fromEnv = env[envName];
    return fromEnv !== undefined && fromEnv !== '' ? [fromEnv, envName] : undefined;
  };

  let port = DEFAULT_PORT;
  const rawPort = pick(values.port, '--port', 'KIANA_PORT');
  if (rawPort !== undefined) {
    const parsed = parsePort(...rawPort);
    if (typeof parsed === 'string') return { kind: 'error', message: parsed };
    port = parsed;
  }

  const rawHost = pick(values.host, '--host', 'KIANA_HOST');
  if (rawHost !== undefined && rawHost[0].trim() === '') {
    return { kind: 'error', message: `${rawHost[1]} must not be empty` };
  }
  const host = rawHost?.[0].trim() ?? DEFAULT_HOST;

  let logLevel: LogLevel = 'info';
  const rawLevel = pick(values['log-level'], '--log-level', 'KIANA_LOG_LEVEL');
  if (rawLevel !== undefined) {
    const [level, source] = rawLevel;
    if (!isLogLevel(level)) {
      return {
        kind: 'error',
        message: `${source} must be one of ${LOG_LEVELS.join(', ')}, got '${level}'`,
      };
    }
    logLevel = level;
  }

  const lan = parseLanConfig({
    pick: (flag, envName) => pick(values[flag as FlagName], `--${flag}`, envName),
    parsePort,
    env,
    cwd: context.cwd,
    host,
    hostname: context.hostname ?? 'localhost',
  });
  if (typeof lan === 'string') return { kind: 'error', message: lan };
  const ollamaHost =
    (env.OLLAMA_HOST ?? '').trim() === '' ? null : parseOllamaHost(env.OLLAMA_HOST);
  if (typeof ollamaHost === 'string') return { kind: 'error', message: ollamaHost };

  const dir = (raw: [value: string, source: string] | undefined, fallback: string): string =>
    raw === undefined ? fallback : path.resolve(context.cwd, raw[0]);
  return {
    kind: 'run',
    config: {
      port,
      host,
      distDir: dir(pick(values.dist, '--dist', 'KIANA_DIST'), path.join(context.repoRoot, 'dist')),
      modelsDir: ((raw) =>
        raw?.[0] === TEST_MODELS_FLAG
          ? testModelsDir(context.repoRoot)
          : dir(raw, path.join(context.repoRoot, 'models')))(
        pick(values.models, '--models', 'KIANA_MODELS'),
      ),
      logLevel,
      ollamaHost,
    },
    lan,
  };
}
