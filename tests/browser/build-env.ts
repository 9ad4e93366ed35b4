/**
 * The environment of `npm run build`, for builds started from inside vitest: not vitest's own,
 * whose NODE_ENV=test would make Vite bundle a non-production app (no service worker).
 */
export function buildEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => key !== 'KIANA_BUILD_ID' && key !== 'NODE_ENV' && !key.startsWith('VITEST'),
    ),
  );
}
