import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogFields } from '../src/log.js';
import { startCompanion } from '../src/server.js';

describe('a companion started before the app is built', () => {
  it('warns at start and answers / and app routes with a 404 that says how to build', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'kiana-empty-'));
    const warnings: string[] = [];
    const record = (): void => undefined;
    const companion = await startCompanion({
      port: 0,
      host: '127.0.0.1',
      distDir: path.join(root, 'dist'),
      modelsDir: path.join(root, 'models'),
      logger: {
        debug: record,
        info: record,
        warn: (msg: string, _fields?: LogFields) => warnings.push(msg),
        error: record,
      },
    });
    try {
      expect(warnings).toContain('app not built');
      for (const target of ['/', '/memories']) {
        const res = await fetch(companion.url + target.slice(1), {
          headers: { Accept: 'text/html' },
        });
        expect(res.status, target).toBe(404);
        expect(await res.text(), target).toContain('npm run build:app');
      }
      const health = await fetch(`${companion.url}healthz`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
    } finally {
      await companion.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
