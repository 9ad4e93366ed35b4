declare const __KIANA_VERSION__: string;
declare const __KIANA_BUILD__: string;
/** True in a test build (`vite build --mode test`): test hooks are bundled only then. */
declare const __KIANA_TEST__: boolean;
/** Size and sha256 of each onnxruntime-web wasm build (vite.config.ts), to check its download. */
declare const __KIANA_ESPEAK_WASM__: { bytes: number; sha256: string };
declare const __KIANA_ORT_WASM__: Record<'plain' | 'asyncify', { bytes: number; sha256: string }>;
