/**
 * `/ca.crt` and `/ca`: the companion's local CA for a one-time install on each device, with the
 * fingerprint to compare and short per-OS steps. Served over plain HTTP too, because a phone can
 * only fetch it before it trusts the CA; the fingerprint is how the person checks it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendStatus } from './respond.js';

export interface CaInfo {
  readonly name: string;
  readonly httpsPort: number | null;
  /** null when a user-supplied certificate replaced the local CA. */
  readonly caPem: string | null;
  readonly caFingerprint: string | null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The install page; plain HTML without inline script or style, so the strict CSP holds. */
export function caPage(info: CaInfo): string {
  const fp = escapeHtml(info.caFingerprint ?? '');
  const name = escapeHtml(info.name);
  const https = info.httpsPort === null ? '' : `https://${name}.local:${info.httpsPort}/`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trust the Kiana companion ${name}</title></head>
<body>
<h1>Trust the Kiana companion “${name}”</h1>
<p>Kiana needs a secure connection for offline use and the microphone. This companion made its own
certificate authority. Install it once on each device, then open <a href="${https}">${https}</a>.</p>
<p><a href="/ca.crt" download="kiana-${name}-ca.crt">Download the certificate (kiana-${name}-ca.crt)</a></p>
<p>Before you trust it, compare its SHA-256 fingerprint with the one the companion printed:</p>
<p><code>${fp}</code></p>
<p>It is limited to names ending in <code>.local</code> and to private network addresses: it cannot
vouch for any other website.</p>
<h2>iPhone and iPad</h2>
<ol><li>Open this page in Safari and download the certificate; allow the profile download.</li>
<li>Settings → General → VPN &amp; Device Management → the Kiana profile → Install.</li>
<li>Settings → General → About → Certificate Trust Settings → turn on the Kiana CA.</li></ol>
<h2>Android</h2>
<ol><li>Download the certificate.</li>
<li>Settings → Security → More security settings → Encryption &amp; credentials → Install a certificate → CA certificate, and pick the file.</li></ol>
<h2>macOS</h2>
<ol><li>Open the downloaded file: Keychain Access adds it to the login keychain.</li>
<li>Double-click the Kiana CA → Trust → “When using this certificate: Always Trust”.</li></ol>
<h2>Windows</h2>
<ol><li>Open the downloaded file → Install Certificate → Current User.</li>
<li>Place it in “Trusted Root Certification Authorities”.</li></ol>
<h2>Linux</h2>
<ul><li>Chrome and Chromium: <code>certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n kiana-${name} -i kiana-${name}-ca.crt</code></li>
<li>Firefox: Settings → Privacy &amp; Security → Certificates → View Certificates → Authorities → Import.</li>
<li>System-wide (Debian): copy it to <code>/usr/local/share/ca-certificates/</code> and run <code>update-ca-certificates</code>.</li></ul>
</body></html>
`;
}

/**
 * Answers `/ca.crt` and `/ca`; returns false for every other path.
 */
export function serveCa(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  info: CaInfo,
): boolean {
  if (pathname !== '/ca.crt' && pathname !== '/ca') return false;
  if (info.caPem === null) {
    sendStatus(
      req,
      res,
      404,
      {},
      'this companion uses its own certificate; there is nothing to install',
    );
    return true;
  }
  const body = pathname === '/ca.crt' ? info.caPem : caPage(info);
  res.writeHead(200, {
    'Content-Type':
      pathname === '/ca.crt' ? 'application/x-x509-ca-cert' : 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
