import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureSite, type FixtureSite } from './fixtures.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const mainJs = path.join(repoRoot, 'companion', 'dist', 'main.js');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

let site: FixtureSite;

beforeAll(async () => {
  // Test the file `npm start` runs, so build it exactly as `npm run build:companion` does:
  // @kiana/shared's dist/ first (the companion loads it at run time), then the companion.
  for (const project of ['packages/shared', 'companion']) {
    await run(process.execPath, [tsc, '-p', path.join(repoRoot, project, 'tsconfig.json')], {
      cwd: repoRoot,
    });
  }
  site = await createFixtureSite();
}, 120_000);

afterAll(async () => {
  await site.remove();
});

/** Runs the built companion to completion and reports how it ended. */
async function runToEnd(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [mainJs, ...args], { timeout: 10_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Resolves with the first JSON log line on stdout whose `msg` is `listening`. */
async function listeningLine(child: ChildProcess): Promise<{ port: number; url: string }> {
  if (child.stdout === null) throw new Error('no stdout');
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('{')) continue;
    const record = JSON.parse(line) as { level: string; msg: string; port: number; url: string };
    if (record.msg === 'listening') {
      expect(record.level).toBe('info');
      return record;
    }
  }
  throw new Error('the companion exited before it was listening');
}

describe('the companion command line', () => {
  it('prints usage and exits 0 for --help', async () => {
    const result = await runToEnd(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage:');
    expect(result.stdout).toContain('--models');
  });

  it('explains a bad flag on stderr and exits 2', async () => {
    const result = await runToEnd(['--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-flag');
    expect(result.stdout).toBe('');
  });

  it('exits 1, naming the port, when the STUN port is taken, instead of half starting', async () => {
    const taken = createSocket('udp4');
    await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', resolve));
    try {
      const port = String(taken.address().port);
      const result = await runToEnd(['--host', '127.0.0.1', '--port', '0', '--stun-port', port]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} is already in use`);
    } finally {
      taken.close();
    }
  });

  it('exits 2 for a port that is not a number', async () => {
    expect((await runToEnd(['--port', 'eighty'])).code).toBe(2);
  });

  it('logs the real port for --port 0, serves, and exits 0 on SIGTERM within two seconds', async () => {
    const child = spawn(
      process.execPath,
      [mainJs, '--port', '0', '--host', '127.0.0.1', '--dist', site.distDir],
      { env: { ...process.env, KIANA_MODELS: site.modelsDir }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    try {
      const { port, url } = await listeningLine(child);
      expect(url).toBe(`http://127.0.0.1:${port}/`);
      // The human banner follows the JSON line, on stderr.
      await expect.poll(() => stderr.join('')).toContain(url);

      const health = await fetch(`${url}healthz`);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      const model = await fetch(`${url}models/tiny.onnx`);
      expect(model.status).toBe(200);
      await model.arrayBuffer();

      const started = Date.now();
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
