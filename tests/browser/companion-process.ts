/**
 * Runs the real companion (`companion/dist/main.js`) as a child process, as a user would, and
 * reads the port it bound from its JSON "listening" log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = `${ROOT}companion/dist/main.js`;
/**
 * The test build (`npm run build:test`): the app with its test hooks (`kianaStore()`, ...), which
 * tests and benches drive the app through. `dist/` is the production build, which has none.
 */
export const TEST_DIST = `${ROOT}dist-test`;
/** The production build (`npm run build`). */
export const PRODUCTION_DIST = `${ROOT}dist`;

export interface CompanionOptions {
  /** The static build to serve; defaults to the test build (`TEST_DIST`). */
  dist?: string;
  /** A fixed port; 0 (default) lets the OS choose. */
  port?: number;
  /** Extra command-line flags. */
  args?: string[];
  /** Extra environment variables (e.g. OLLAMA_HOST). */
  env?: Record<string, string>;
}

export interface CompanionProcess {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The companion's log lines so far (JSON parsed where possible). */
  readonly logs: string[];
  /** Stops it with SIGTERM and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (e.g. after `stop`, or with another dist). */
  restart(options?: Pick<CompanionOptions, 'dist'>): Promise<void>;
}

/** Starts the real companion and resolves once it listens. */
export async function startCompanion(options: CompanionOptions = {}): Promise<CompanionProcess> {
  const logs: string[] = [];
  let child: ChildProcess | undefined;
  let dist = options.dist ?? TEST_DIST;
  const launch = async (port: number): Promise<number> => {
    const args = [MAIN, '--host', '127.0.0.1', '--port', String(port), ...(options.args ?? [])];
    args.push('--dist', dist);
    const proc = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    child = proc;
    proc.stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    return new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: proc.stdout });
      lines.on('line', (line) => {
        logs.push(line);
        const bound = listeningPort(line);
        if (bound !== undefined) resolve(bound);
      });
      proc.once('exit', (code) =>
        reject(new Error(`companion exited with ${code}:\n${logs.join('\n')}`)),
      );
    });
  };
  const port = await launch(options.port ?? 0);
  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    logs,
    stop,
    async restart(next) {
      await stop();
      if (next?.dist) dist = next.dist;
      await launch(port);
    },
  };
}

function listeningPort(line: string): number | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
    return entry.msg === 'listening' && typeof entry.port === 'number' ? entry.port : undefined;
  } catch {
    return undefined; // human-readable lines are not JSON
  }
}
