import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../src/headers.js';
import { startCompanion, type Companion } from '../src/server.js';
import { createFixtureSite, rawGet, type FixtureSite } from './fixtures.js';

let site: FixtureSite;
let companion: Companion;
let base: string;

beforeAll(async () => {
  site = await createFixtureSite();
  companion = await startCompanion({
    port: 0,
    host: '127.0.0.1',
    distDir: site.distDir,
    modelsDir: site.modelsDir,
  });
  base = `http://127.0.0.1:${companion.port}`;
});

afterAll(async () => {
  await companion.close();
  await site.remove();
});

const html = { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/** Opens a raw connection and sends half a request, so the server sees a client mid-request. */
async function openPendingRequest(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
  return socket;
}

describe('the companion server', () => {
  it('reports the URL and the port it actually bound', () => {
    expect(companion.port).toBeGreaterThan(0);
    expect(companion.url).toBe(`http://127.0.0.1:${companion.port}/`);
  });

  it('sends the isolation and security headers on files, fallbacks and errors alike', async () => {
    const csp = contentSecurityPolicy(`127.0.0.1:${companion.port}`);
    for (const target of ['/', '/assets/index-Ab12Cd34.js', '/nope.js', '/healthz']) {
      const res = await fetch(base + target);
      expect(res.headers.get('cross-origin-opener-policy'), target).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy'), target).toBe('require-corp');
      expect(res.headers.get('cross-origin-resource-policy'), target).toBe('same-origin');
      expect(res.headers.get('x-content-type-options'), target).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), target).toBe('no-referrer');
      expect(res.headers.get('permissions-policy'), target).toBe(
        'microphone=(self), camera=(), geolocation=()',
      );
      expect(res.headers.get('content-security-policy'), target).toBe(csp);
      await res.arrayBuffer();
    }
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('serves each file type with its MIME type', async () => {
    const expected: Record<string, string> = {
      '/': 'text/html; charset=utf-8',
      '/assets/index-Ab12Cd34.js': 'text/javascript; charset=utf-8',
      '/worker.mjs': 'text/javascript; charset=utf-8',
      '/assets/index-Ef56Gh78.css': 'text/css; charset=utf-8',
      '/data.json': 'application/json',
      '/manifest.webmanifest': 'application/manifest+json',
      '/ort-wasm-simd.wasm': 'application/wasm',
      '/models/tiny.onnx': 'application/octet-stream',
      '/icons/icon-192.png': 'image/png',
      '/icons/icon.svg': 'image/svg+xml',
      '/favicon.ico': 'image/x-icon',
      '/robots.txt': 'text/plain; charset=utf-8',
      '/index.js.map': 'application/json',
      '/blob.bin': 'application/octet-stream',
    };
    for (const [target, type] of Object.entries(expected)) {
      const res = await fetch(base + target);
      expect(res.status, target).toBe(200);
      expect(res.headers.get('content-type'), target).toBe(type);
      await res.arrayBuffer();
    }
  });

  it('caches hashed assets forever and makes the service worker files revalidate', async () => {
    const asset = await fetch(`${base}/assets/index-Ab12Cd34.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const target of [
      '/sw.js',
      '/',
      '/index.html',
      '/manifest.webmanifest',
      '/registerSW.js',
      '/workbox-2fbc6a65.js',
    ]) {
      const res = await fetch(base + target);
      expect(res.headers.get('cache-control'), target).toBe('no-cache');
      await res.arrayBuffer();
    }
  });

  it('answers 304 when If-None-Match carries the current ETag', async () => {
    const first = await fetch(`${base}/sw.js`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    await first.arrayBuffer();

    const again = await fetch(`${base}/sw.js`, { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cross-origin-embedder-policy')).toBe('require-corp');

    const stale = await fetch(`${base}/sw.js`, { headers: { 'If-None-Match': '"0-0"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await fetch(`${base}/models/tiny.onnx`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('256');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(await res.text()).toBe('');
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const res = await fetch(`${base}/`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      await res.arrayBuffer();
    }
  });

  it('serves the app shell for an unknown route a browser navigates to', async () => {
    const res = await fetch(`${base}/memories`, { headers: html });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('Kiana test shell');

    const deep = await fetch(`${base}/memories/42/edit`, { headers: html });
    expect(await deep.text()).toContain('Kiana test shell');
  });

  it('gives a real 404, never the shell, for missing models, assets and files', async () => {
    for (const target of [
      '/models/missing.onnx',
      '/models/Xenova/missing/config.json',
      '/models/Xenova',
      '/models/',
      '/models',
      '/assets/missing.js',
      '/assets/missing',
      '/missing.png',
    ]) {
      const res = await fetch(base + target, { headers: html });
      expect(res.status, target).toBe(404);
      expect(await res.text(), target).not.toContain('Kiana test shell');
    }
    const notHtml = await fetch(`${base}/memories`, { headers: { Accept: 'application/json' } });
    expect(notHtml.status).toBe(404);
    await notHtml.arrayBuffer();
  });

  it('serves nested model files and the model manifest', async () => {
    const res = await fetch(`${base}/models/Xenova/all-MiniLM-L6-v2/onnx/model_quantized.onnx`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('weights');
    const manifest = await fetch(`${base}/models/models.json`);
    expect(await manifest.json()).toEqual({ models: [] });
  });

  it('answers a byte range with 206 and exactly those bytes', async () => {
    const res = await fetch(`${base}/models/tiny.onnx`, { headers: { Range: 'bytes=10-19' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 10-19/256');
    expect(res.headers.get('content-length')).toBe('10');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(site.modelBytes.subarray(10, 20));

    const tail = await fetch(`${base}/models/tiny.onnx`, { headers: { Range: 'bytes=-6' } });
    expect(tail.headers.get('content-range')).toBe('bytes 250-255/256');
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(site.modelBytes.subarray(250));
  });

  it('answers 416 with the file size for a range past the end', async () => {
    const res = await fetch(`${base}/models/tiny.onnx`, { headers: { Range: 'bytes=256-' } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */256');
    await res.arrayBuffer();
  });

  it('ignores the range when If-Range names an older version of the file', async () => {
    const res = await fetch(`${base}/models/tiny.onnx`, {
      headers: { Range: 'bytes=0-1', 'If-Range': '"old-version"' },
    });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(256);
  });

  it('never serves a file outside its root, however the path is spelled', async () => {
    const attempts = [
      '/../secret.txt',
      '/models/../secret.txt',
      '/models/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/models/%2e%2e/secret.txt',
      '/models/%2E%2E/%2E%2E/secret.txt',
      '/models/..%2fsecret.txt',
      '/models/..%5csecret.txt',
      '/models/tiny.onnx%00.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/.env',
      '/models/.cache/hidden.bin',
    ];
    for (const attempt of attempts) {
      const res = await rawGet(companion.port, attempt);
      expect([400, 404], attempt).toContain(res.status);
      expect(res.body, attempt).not.toContain(site.secret);
    }
  });

  it('answers malformed percent-encoding with 400', async () => {
    expect((await rawGet(companion.port, '/%E0%A4%A')).status).toBe(400);
    expect((await rawGet(companion.port, '/models/%zz.onnx')).status).toBe(400);
  });

  it('answers a request Node cannot parse with 400 and the security headers', async () => {
    const socket = connect(companion.port, '127.0.0.1');
    socket.write('NOT HTTP AT ALL\r\n\r\n');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => socket.once('close', resolve));
    const reply = Buffer.concat(chunks).toString('latin1');
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain('Cross-Origin-Embedder-Policy: require-corp');
  });

  it('reports health as JSON that is never cached', async () => {
    const version = (
      JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { version: string }
    ).version;
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      status: 'ok',
      version,
      uptime: expect.any(Number) as number,
      clients: expect.any(Number) as number,
      startedAt: expect.any(String) as string,
    });
    expect(body['clients']).toBeGreaterThanOrEqual(1);
    expect(new Date(String(body['startedAt'])).toISOString()).toBe(body['startedAt']);
  });

  it('counts a client that is in the middle of a request, and forgets it when it leaves', async () => {
    const before = companion.clients.count;
    const socket = await openPendingRequest(companion.port);
    await expect.poll(() => companion.clients.count).toBe(before + 1);

    const res = await fetch(`${base}/healthz`);
    const body = (await res.json()) as { clients: number };
    expect(body.clients).toBeGreaterThanOrEqual(2);

    socket.destroy();
    await expect.poll(() => companion.clients.count).toBeLessThanOrEqual(body.clients - 1);
  });
});

describe('closing the companion', () => {
  it('resolves promptly even while a client holds a connection open', async () => {
    const own = await createFixtureSite();
    const server = await startCompanion({
      port: 0,
      host: '127.0.0.1',
      distDir: own.distDir,
      modelsDir: own.modelsDir,
      shutdownGraceMs: 200,
    });
    const socket = await openPendingRequest(server.port);
    const closedAt = new Promise<number>((resolve) =>
      socket.once('close', () => resolve(Date.now())),
    );
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await closedAt) - started).toBeLessThan(1500);
    await expect(fetch(server.url)).rejects.toThrow();
    await own.remove();
  });
});
