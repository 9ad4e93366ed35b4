declare const __KIANA_VERSION__: string;
declare const __KIANA_BUILD__: string;
/** True in a test build (`vite build --mode test`): test hooks are bundled only then. */
declare const __KIANA_TEST__: boolean;
