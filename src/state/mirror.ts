/**
 * A synchronous localStorage copy of a few settings, read before the first paint. Dexie (async)
 * stays the source of truth; this mirror only avoids a flash of the wrong language or theme.
 */
const PREFIX = 'kiana:';

export function readMirror(key: string): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(PREFIX + key);
  } catch {
    // Storage can be disabled (privacy settings, sandboxed iframes); then we just start fresh.
    return null;
  }
}

export function writeMirror(key: string, value: string): void {
  try {
    if (typeof localStorage !== 'undefined') localStorage.setItem(PREFIX + key, value);
  } catch {
    // See readMirror: a missing mirror only costs a flash on the next start.
  }
}
