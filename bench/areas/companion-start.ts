/**
 * `companion.start`: a restart of the companion alone, as `npm start` runs it once the build is
 * current (HTTPS with the local CA, STUN, `--models test`), from spawning the process until its
 * /healthz answers. The data folder and the test models exist from a first start that is not
 * measured, so every sample is a restart: no certificate to issue, no models to generate.
 * Baseline: Node starting a bare `http` server and answering one request (the floor).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { buildCompanion, ROOT } from '../../tests/lan/harness.ts';
import type { Area } from '../figure.ts';

const RUNS = 10;
const MAIN = path.join(ROOT, 'companion/dist/main.js');
const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () {
  console.log(JSON.stringify({ msg: 'listening', port: this.address().port }));
});`;

/** Spawns `args`, waits for the `listening` line and one /healthz answer; returns the ms taken. */
async function timedStart(args: readonly string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && typeof entry.port === 'number') resolve(entry.port);
      });
    });
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (!response.ok) throw new Error(`/healthz answered ${response.status}`);
    await response.arrayBuffer();
    return performance.now() - started;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export const companionStartArea: Area = {
  name: 'companion',
  part: 'start',
  async run() {
    await buildCompanion();
    const data = await mkdtemp(path.join(tmpdir(), 'kiana-bench-start-'));
    const args = [
      MAIN,
      ...'--host 127.0.0.1 --port 0 --https-port 0 --stun-port 0 --mdns off --models test'.split(
        ' ',
      ),
      ...['--data-dir', data, '--log-level', 'info'],
    ];
    try {
      await timedStart(args); // the first start: CA, certificate and test models, not measured
      const ours: number[] = [];
      const baseline: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        ours.push(await timedStart(args));
        baseline.push(await timedStart(['-e', BARE]));
      }
      return [
        {
          id: 'companion.start',
          label: 'companion restart → /healthz answers (HTTPS, STUN, --models test)',
          runtime: 'node',
          ours,
          baselineLabel: 'node with a bare http server → first answer',
          baseline,
          goal: '< 1 s',
        },
      ];
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  },
};
