/**
 * The default, editable display name of a device ("Firefox on Android"), derived from the user
 * agent. Part of the device identity but needs no key material, so it lives beside it without
 * importing libsodium.
 */

/** Longest display name we keep; longer input is cut, not refused. */
export const MAX_DISPLAY_NAME = 64;

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

/**
 * Cleans a display name a person typed: collapses whitespace, drops control and bidi-override
 * characters and cuts
 * it to `MAX_DISPLAY_NAME` characters. Returns null when nothing is left, so the caller can keep
 * the previous name.
 */
export function normalizeDisplayName(input: string): string | null {
  const cleaned = input
    // Control characters and bidi overrides could disguise a name; joiners inside emoji stay.
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned === '') return null;
  return Array.from(cleaned).slice(0, MAX_DISPLAY_NAME).join('').trim();
}
