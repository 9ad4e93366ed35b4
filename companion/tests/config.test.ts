import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_PORT, parseConfig, type ConfigResult } from '../src/config.js';

const repoRoot = path.resolve('/srv/kiana');
const cwd = path.resolve('/home/user');

function parse(argv: string[], env: Record<string, string> = {}): ConfigResult {
  return parseConfig(argv, { env, cwd, repoRoot });
}

function config(argv: string[], env: Record<string, string> = {}) {
  const result = parse(argv, env);
  if (result.kind !== 'run') throw new Error(`expected a config, got ${JSON.stringify(result)}`);
  return result.config;
}

function errorOf(argv: string[], env: Record<string, string> = {}): string {
  const result = parse(argv, env);
  if (result.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.message;
}

describe('parseConfig', () => {
  it('uses port 8787, all interfaces and the repo dist and models directories by default', () => {
    expect(config([])).toEqual({
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
      distDir: path.join(repoRoot, 'dist'),
      modelsDir: path.join(repoRoot, 'models'),
      logLevel: 'info',
      ollamaHost: null,
    });
    expect(DEFAULT_PORT).toBe(8787);
    expect(DEFAULT_HOST).toBe('0.0.0.0');
  });

  it('reads every flag, resolving directories against the working directory', () => {
    expect(
      config([
        '--port=0',
        '--host',
        '127.0.0.1',
        '--dist',
        'build',
        '--models',
        '/data/models',
        '--log-level',
        'debug',
      ]),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      distDir: path.join(cwd, 'build'),
      modelsDir: path.resolve('/data/models'),
      logLevel: 'debug',
      ollamaHost: null,
    });
  });

  it('falls back to KIANA_* environment variables', () => {
    expect(
      config([], {
        KIANA_PORT: '9000',
        KIANA_HOST: '::',
        KIANA_DIST: 'd',
        KIANA_MODELS: 'm',
        KIANA_LOG_LEVEL: 'warn',
      }),
    ).toEqual({
      port: 9000,
      host: '::',
      distDir: path.join(cwd, 'd'),
      modelsDir: path.join(cwd, 'm'),
      logLevel: 'warn',
      ollamaHost: null,
    });
  });

  it('reads OLLAMA_HOST as Ollama does (host:port or a bare origin) and refuses paths', () => {
    expect(config([], { OLLAMA_HOST: '192.168.1.20:11434' }).ollamaHost?.href).toBe(
      'http://192.168.1.20:11434/',
    );
    expect(config([], { OLLAMA_HOST: 'https://gpu.local' }).ollamaHost?.href).toBe(
      'https://gpu.local:11434/',
    );
    expect(errorOf([], { OLLAMA_HOST: 'http://gpu.local/api' })).toContain('bare origin');
    expect(errorOf([], { OLLAMA_HOST: 'ftp://gpu.local' })).toContain('http or https');
  });

  it("maps --models test to the generated test models' folder", () => {
    expect(config(['--models', 'test']).modelsDir).toBe(
      path.join(repoRoot, '.cache', 'test-models'),
    );
    expect(config([], { KIANA_MODELS: 'test' }).modelsDir).toBe(
      path.join(repoRoot, '.cache', 'test-models'),
    );
  });

  it('lets a flag win over the environment', () => {
    expect(config(['-p', '1234'], { KIANA_PORT: '9000' }).port).toBe(1234);
  });

  it('ignores empty environment variables', () => {
    expect(config([], { KIANA_PORT: '', KIANA_HOST: '' }).port).toBe(DEFAULT_PORT);
  });

  it('returns the usage text for --help and -h', () => {
    for (const flag of ['--help', '-h']) {
      const result = parse([flag, '--port', 'nonsense']);
      expect(result.kind).toBe('help');
      if (result.kind === 'help') expect(result.text).toContain('--port');
    }
  });

  it('refuses unknown flags and stray arguments with a pointer to --help', () => {
    expect(errorOf(['--frobnicate'])).toMatch(/frobnicate[\s\S]*--help/);
    expect(errorOf(['serve'])).toMatch(/--help/);
  });

  it('refuses a flag that is missing its value', () => {
    expect(errorOf(['--port'])).toMatch(/port/);
  });

  it('refuses ports that are not whole numbers from 0 to 65535, naming the source', () => {
    for (const bad of ['-1', '65536', '1e3', '80.5', 'http', ' 80']) {
      expect(errorOf(['--port', bad])).toContain('--port');
    }
    expect(errorOf([], { KIANA_PORT: 'abc' })).toContain('KIANA_PORT');
  });

  it('refuses an unknown log level and a blank host', () => {
    expect(errorOf(['--log-level', 'loud'])).toContain('--log-level');
    expect(errorOf(['--host', '  '])).toContain('--host');
  });
});
