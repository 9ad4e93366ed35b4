/**
 * The envelope every worker message travels in — between a tab and a worker, and between tabs
 * and the store worker over the BroadcastChannel. Declared here once: the RPC server and client,
 * the store relay and `StorePort` all read and write it through these types.
 */
import type { SerializedError } from '@kiana/shared/errors';

export type Envelope =
  | { readonly kind: 'req'; readonly id: number; readonly method: string; readonly args: unknown }
  | { readonly kind: 'cancel'; readonly id: number }
  | { readonly kind: 'res'; readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly kind: 'res';
      readonly id: number;
      readonly ok: false;
      readonly error: SerializedError;
    }
  | { readonly kind: 'progress'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'evt'; readonly name: string; readonly data: unknown };

/** Validates an inbound envelope; returns null for anything malformed. */
export function parseEnvelope(data: unknown): Envelope | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  const idOk = typeof m.id === 'number' && Number.isSafeInteger(m.id);
  switch (m.kind) {
    case 'req':
      return idOk && typeof m.method === 'string' ? (m as Envelope) : null;
    case 'cancel':
    case 'progress':
      return idOk ? (m as Envelope) : null;
    case 'res':
      if (!idOk || typeof m.ok !== 'boolean') return null;
      return m.ok || (typeof m.error === 'object' && m.error !== null) ? (m as Envelope) : null;
    case 'evt':
      return typeof m.name === 'string' ? (m as Envelope) : null;
    default:
      return null;
  }
}

/** An event envelope. */
export function eventEnvelope(name: string, data: unknown): Envelope {
  return { kind: 'evt', name, data };
}
