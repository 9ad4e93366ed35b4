/**
 * The default, editable display name of a device ("Firefox on Android"), derived from the user
 * agent. Part of the device identity but needs no key material, so it lives beside it without
 * importing libsodium.
 */
export { MAX_DISPLAY_NAME, normalizeDisplayName } from '@kiana/shared/clean-text';

const BROWSERS: readonly [RegExp, string][] = [
  // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bChromium\//, 'Chromium'],
  [/\bChrome\/|\bCriOS\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

function first(table: readonly [RegExp, string][], ua: string, fallback: string): string {
  for (const [pattern, name] of table) if (pattern.test(ua)) return name;
  return fallback;
}

/**
 * A readable default name such as "Chromium on Linux" from a user-agent string. Headless
 * Chromium reports "HeadlessChrome"; it is still named after its engine.
 */
export function defaultDeviceName(userAgent: string): string {
  const ua = userAgent.replace('HeadlessChrome', 'Chrome');
  const browser = first(BROWSERS, ua, 'Browser');
  const system = first(SYSTEMS, ua, 'unknown system');
  return `${browser} on ${system}`;
}
