/** Log levels in increasing order of severity. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Extra structured fields on a log line; values must be JSON-serialisable (Errors are mapped). */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Type guard for a string naming one of {@link LOG_LEVELS}. */
export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

// JSON.stringify turns an Error into `{}`, which hides exactly the part we need.
function jsonSafe(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as NodeJS.ErrnoException).code;
    return code === undefined
      ? { name: value.name, message: value.message }
      : { name: value.name, message: value.message, code };
  }
  return value;
}

/**
 * Creates a logger that writes one JSON object per line, e.g.
 * `{"level":"info","msg":"listening","time":"…","port":8787}`. `level` and `msg` come first so
 * the lines stay readable in a terminal; lines below `minLevel` are dropped.
 *
 * @param minLevel the least severe level that is written
 * @param write receives each complete line including its trailing newline (stdout by default)
 */
export function createLogger(
  minLevel: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const threshold = LOG_LEVELS.indexOf(minLevel);
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const record: Record<string, unknown> = { level, msg, time: new Date().toISOString() };
    if (fields !== undefined) {
      for (const [key, value] of Object.entries(fields)) {
        // Fields never overwrite the envelope, so every line keeps the same shape.
        if (!(key in record)) record[key] = jsonSafe(value);
      }
    }
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

/** A logger that discards everything; the default for in-process servers in tests. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
