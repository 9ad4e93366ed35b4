/** Which app build is running; Vite defines the globals at build time (see vite.config.ts). */
export const APP_VERSION: string = __KIANA_VERSION__;
export const APP_BUILD: string = __KIANA_BUILD__;
