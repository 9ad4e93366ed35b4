/**
 * Where the 4-lane SIMD batch hashes Merkle levels. V8 (Chromium, Node) runs it at 0.3–0.6× the
 * time of one call per hash. In WebKit's engine (WebKitGTK, the Safari stand-in) merely having
 * the module made the first load on the IndexedDB fallback 16 s slower (the WebKit smoke test);
 * racing it against the scalar path at load did not help, as the cost comes before any answer.
 * So WebKit hashes one call at a time: the same bytes either way. Not measured: Firefox.
 */

/** True in WebKit browsers other than Chromium's (Safari, iPhones, WebKitGTK). */
export function isWebKitEngine(userAgent: string | undefined): boolean {
  if (userAgent === undefined) return false;
  return /AppleWebKit\//.test(userAgent) && !/(Chrome|Chromium|CriOS|Edg)\//.test(userAgent);
}

/** The user agent of this page or worker; undefined in Node 20. */
export function userAgent(): string | undefined {
  return (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
}
