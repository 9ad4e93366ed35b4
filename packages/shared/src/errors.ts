/**
 * Every failure Kiana can explain to a person carries a stable `code`. The UI maps codes to
 * translated messages; the codes survive `postMessage` and the wire because they are plain strings.
 */
export const ERROR_CODES = [
  'internal',
  'cancelled',
  'timeout',
  'bad-message',
  'unknown-method',
  'worker-crashed',
  'storage-quota',
  'storage-unavailable',
  'storage-corrupt',
  'storage-no-fts5',
  'storage-too-new',
  'import-invalid',
  'not-found',
  'model-missing',
  'peer-unknown',
  'peer-offline',
  'pairing-used',
  'pairing-expired',
  'pairing-mismatch',
  'pairing-refused',
  /** The person on the inviting device pressed Deny. */
  'pairing-denied',
  'pairing-no-answer',
  'pairing-invalid-link',
  'clock-drift',
  'companion-offline',
  'block-malformed',
  'block-oversized',
  'block-bad-signature',
  'block-not-authority',
  'block-bad-parent',
  'block-bad-tx-root',
  'block-bad-weight',
  'block-bad-time',
  'block-future',
  'block-replayed',
  'block-bad-content-hash',
  'block-unknown-parent',
  'tx-malformed',
  'tx-bad-signature',
  'tx-not-authority',
  'tx-future',
  'tx-invalid',
  'tx-backdated',
  'device-removed',
  'sync-protocol',
  'sync-other-chain',
  'model-manifest-invalid',
  'model-checksum',
  'model-download',
  'model-load',
  'model-unpinned',
  'vector-invalid',
  'vector-index-corrupt',
  'message-rejected',
  'message-replayed',
  /** A file over the 50 MB a conversation takes. */
  'file-too-large',
  /** A chunk of a received file did not verify: changed on the way or not from that file. */
  'file-chunk-rejected',
  /** Every chunk of a received file verified, but the whole does not match its hash. */
  'file-corrupt',
  /** A peer's files would take more than this device keeps from one conversation. */
  'file-quota',
  /** The person or the browser refused the microphone. */
  'mic-denied',
  /** No microphone, or it could not be opened. */
  'mic-absent',
  /** An uploaded file is not audio the browser can decode. */
  'audio-unsupported',
  'voice-missing',
  'voice-invalid',
  'speech-unavailable',
  /** Ask: no language model is downloaded for the in-browser engine. */
  'llm-missing',
  /** Ask: the companion could not reach the Ollama host (or no companion serves /ollama). */
  'ollama-unreachable',
  /** Ask: Ollama answered with an error (no such model, bad request). */
  'ollama-refused',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The shape in which an error crosses `postMessage` or a data channel. */
export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Base of every error we raise on purpose. */
export class KianaError extends Error {
  override readonly name = 'KianaError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The plain object that crosses a structured-clone boundary. */
  toJSON(): SerializedError {
    return { code: this.code, message: this.message };
  }
}

/** True when `value` is one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Turns anything thrown into a `SerializedError`. Unknown errors become `internal` with their
 * message kept, so a person still sees what went wrong.
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof KianaError) return error.toJSON();
  if (isDomQuotaError(error)) return { code: 'storage-quota', message: messageOf(error) };
  if (error instanceof DOMException && error.name === 'AbortError') {
    return { code: 'cancelled', message: error.message || 'cancelled' };
  }
  return { code: 'internal', message: messageOf(error) };
}

/** Rebuilds a `KianaError` from its serialized form, refusing unknown codes. */
export function deserializeError(value: unknown): KianaError {
  if (typeof value === 'object' && value !== null) {
    const { code, message } = value as { code?: unknown; message?: unknown };
    if (isErrorCode(code) && typeof message === 'string') return new KianaError(code, message);
  }
  return new KianaError('bad-message', 'malformed error from the other side');
}

/** True for the DOM's `QuotaExceededError` (IndexedDB, OPFS and Cache writes on a full origin). */
export function isDomQuotaError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'QuotaExceededError'
  );
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
