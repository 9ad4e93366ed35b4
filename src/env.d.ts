declare const __KIANA_VERSION__: string;
declare const __KIANA_BUILD__: string;
