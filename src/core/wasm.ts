/**
 * Compiling the WebAssembly that core carries as base64 (the vector kernels, the four-lane
 * SHA-256), so neither needs a fetch or a bundler plugin.
 */

/** The module of `base64`, or null where this engine cannot run it (no WebAssembly or SIMD). */
export function compileBase64(base64: string): WebAssembly.Module | null {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  // Synchronous compilation is fine: the modules are small (browsers refuse synchronous
  // compiles only above several MB on the main thread).
  return typeof WebAssembly === 'object' && WebAssembly.validate(bytes)
    ? new WebAssembly.Module(bytes)
    : null;
}
