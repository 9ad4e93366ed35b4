import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway site: a fake built app, a models directory, and a secret that must never leak. */
export interface FixtureSite {
  readonly root: string;
  readonly distDir: string;
  readonly modelsDir: string;
  /** The content of `<root>/secret.txt`, which lies outside both served directories. */
  readonly secret: string;
  /** 256 bytes 0..255, served as /models/tiny.onnx. */
  readonly modelBytes: Buffer;
  remove(): Promise<void>;
}

/** Writes a small dist/ and models/ into a fresh temp directory. */
export async function createFixtureSite(): Promise<FixtureSite> {
  const root = await mkdtemp(path.join(tmpdir(), 'kiana-companion-'));
  const distDir = path.join(root, 'dist');
  const modelsDir = path.join(root, 'models');
  const secret = 'TOP-SECRET-OUTSIDE-ROOT';
  const modelBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const files: Record<string, string | Buffer> = {
    'dist/index.html': '<!doctype html><title>Kiana test shell</title>',
    'dist/assets/index-Ab12Cd34.js': 'console.log("app");',
    'dist/assets/index-Ef56Gh78.css': 'body{margin:0}',
    'dist/sw.js': 'self.addEventListener("fetch",()=>{});',
    'dist/registerSW.js': '// register',
    'dist/workbox-2fbc6a65.js': '// workbox',
    'dist/manifest.webmanifest': '{"name":"Kiana"}',
    'dist/ort-wasm-simd.wasm': Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    'dist/worker.mjs': 'export {};',
    'dist/icons/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'dist/icons/icon-192.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    'dist/favicon.ico': Buffer.from([0, 0, 1, 0]),
    'dist/robots.txt': 'User-agent: *',
    'dist/data.json': '{"ok":true}',
    'dist/index.js.map': '{"version":3}',
    'dist/blob.bin': Buffer.from([1, 2, 3]),
    'dist/.env': 'DOTFILE',
    'models/tiny.onnx': modelBytes,
    'models/models.json': '{"models":[]}',
    'models/Xenova/all-MiniLM-L6-v2/onnx/model_quantized.onnx': Buffer.from('weights'),
    'models/.cache/hidden.bin': Buffer.from('hidden'),
    'secret.txt': secret,
  };
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(root, relative);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return {
    root,
    distDir,
    modelsDir,
    secret,
    modelBytes,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** A response read by {@link rawGet}. */
export interface RawResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * GETs a path exactly as written. `fetch` cannot do this: the WHATWG URL parser resolves `..`
 * and `%2e%2e` before the request leaves, so it could never send a traversal attempt.
 */
export function rawGet(port: number, rawPath: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: rawPath, method: 'GET', agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
