import { hostname, networkInterfaces } from 'node:os';
import { formatBanner } from './banner.js';
import { parseConfig } from './config.js';
import { createLogger } from './log.js';
import { findRepoRoot } from './paths.js';
import { startLanCompanion } from './lan.js';
import { ensureTestModels, testModelsDir } from './test-models.js';

// Exit codes: 0 ok (also --help and a clean shutdown), 1 failed to start, 2 bad usage.
const parsed = parseConfig(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  repoRoot: findRepoRoot(),
  hostname: hostname(),
});

if (parsed.kind === 'help') {
  process.stdout.write(parsed.text);
} else if (parsed.kind === 'error') {
  process.stderr.write(`kiana-companion: ${parsed.message}\n`);
  process.exitCode = 2;
} else {
  const { config, lan } = parsed;
  const logger = createLogger(config.logLevel);
  const repoRoot = findRepoRoot();
  const testModels =
    config.modelsDir === testModelsDir(repoRoot) ? ensureTestModels(repoRoot) : undefined;
  if (testModels?.kind === 'failed') {
    process.stderr.write(`kiana-companion: ${testModels.message}\n`);
    process.exit(1);
  }
  try {
    const running = await startLanCompanion(config, lan, logger);
    const { companion } = running;
    // stdout carries only JSON log lines (machine-readable); the human banner goes to stderr.
    process.stderr.write(
      formatBanner(companion.url, config.host, companion.port, networkInterfaces(), {
        name: lan.name,
        httpsPort: companion.https?.port ?? null,
      }),
    );

    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // A second Ctrl-C means "now": skip the grace period.
        process.exit(1);
      }
      stopping = true;
      logger.info('shutting down', { signal });
      void running.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    logger.error('failed to start', { error, host: config.host, port: config.port });
    const { code, port } = error as NodeJS.ErrnoException & { port?: number };
    const hint =
      code === 'EADDRINUSE'
        ? `port ${port ?? config.port} is already in use; pick others with --port, --https-port or --stun-port`
        : String(error);
    process.stderr.write(`kiana-companion: ${hint}\n`);
    process.exitCode = 1;
  }
}
