/**
 * Files in conversations as the UI shows them: how far each transfer got (pushed by the store's
 * `messages.file` events, one per chunk kept or confirmed), sending a picked file (hashed, then
 * written into the store chunk by chunk, then announced), and a received file saved or opened.
 */
import { SvelteMap } from 'svelte/reactivity';
import { KianaError } from '@kiana/shared/errors';
import type { FileStatus } from '../core/api/messages-types.ts';
import { CHUNK_BYTES, MAX_FILE_BYTES, type FileBody } from '../core/messaging/files.ts';
import type { StoreRef } from './store-ref.ts';

export type { FileStatus };

/**
 * Types a browser may show in a tab of ours. Never HTML or SVG: a page made from a peer's bytes
 * would run in this origin, next to the keys. Not PDF either: its viewer runs scripts of the
 * file's own, and only the browser's sandbox would stand between them and this origin.
 * Everything else can only be saved.
 */
const OPENABLE =
  /^(image\/(png|jpeg|gif|webp|avif)|text\/plain|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;

export const openable = (mime: string): boolean => OPENABLE.test(mime);

export class MessageFiles {
  /** Progress of the files of the open conversation, by transfer id. */
  readonly status = new SvelteMap<string, FileStatus>();
  /** A file being prepared here (hashed and written into the store), or null. */
  preparing = $state<{ name: string; done: number; total: number } | null>(null);
  #listening = false;

  constructor(
    private readonly store: StoreRef,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Loads the statuses of `conversation` and follows every change from now on. */
  async load(conversation: string): Promise<void> {
    if (!this.#listening) {
      this.#listening = true;
      this.store().on('messages.file', (s) => this.status.set(s.transfer, s));
    }
    try {
      for (const s of await this.store().call('messages.files', { conversation })) {
        this.status.set(s.transfer, s);
      }
    } catch (error) {
      this.onError(error);
    }
  }

  /** Sends `file` into `conversation`; false (with the error reported) when refused. */
  async send(conversation: string, file: File): Promise<boolean> {
    const store = this.store();
    try {
      if (file.size > MAX_FILE_BYTES) {
        throw new KianaError('file-too-large', `${file.size} bytes is over the 50 MB limit`);
      }
      this.preparing = { name: file.name, done: 0, total: file.size };
      const bytes = await file.arrayBuffer();
      const sha256 = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
      const { transfer, chunks } = await store.call('messages.fileBegin', {
        conversation,
        name: file.name,
        mime: file.type,
        size: file.size,
        sha256,
      });
      for (let index = 0; index < chunks; index++) {
        const chunk = bytes.slice(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
        await store.call(
          'messages.fileWrite',
          { transfer, index, bytes: new Uint8Array(chunk) },
          { transfer: [chunk] },
        );
        this.preparing = {
          name: file.name,
          done: Math.min(file.size, (index + 1) * CHUNK_BYTES),
          total: file.size,
        };
      }
      await store.call('messages.fileEnd', { transfer });
      return true;
    } catch (error) {
      this.onError(error);
      return false;
    } finally {
      this.preparing = null;
    }
  }

  /** Downloads a file (received whole, or mine) under its name. */
  async save(body: FileBody): Promise<void> {
    const url = await this.#url(body, 'application/octet-stream');
    if (url === null) return;
    const a = document.createElement('a');
    a.href = url;
    a.download = body.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** Opens a file of a safe type in a new tab. */
  async open(body: FileBody): Promise<void> {
    if (!openable(body.mime)) return;
    const url = await this.#url(
      body,
      body.mime === 'text/plain' ? 'text/plain;charset=utf-8' : body.mime,
    );
    if (url === null) return;
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async #url(body: FileBody, type: string): Promise<string | null> {
    try {
      const bytes = await this.store().call('messages.fileRead', { transfer: body.transfer });
      return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
    } catch (error) {
      this.onError(error);
      return null;
    }
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
