/**
 * DTLS certificate fingerprints, read from SDP. Both the pairing handshake and the mesh hello sign
 * the fingerprints of the connection they run on: a relay that terminated DTLS on either side
 * (the companion, say) would present its own certificate, the signed fingerprints would not match
 * what the other side sees, and the channel is dropped.
 */

/** `sha-256 AB:CD:…` — algorithm lowercase, hex uppercase, one space. */
export function normalizeFingerprint(algorithm: string, value: string): string {
  return `${algorithm.trim().toLowerCase()} ${value.trim().toUpperCase()}`;
}

const LINE = /^a=fingerprint:(\S+)\s+([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+)\s*$/;

/**
 * The fingerprint an SDP announces (session level or the first media section; browsers use one
 * certificate per connection), or null when there is none. Several different fingerprints in one
 * SDP are refused with null too: which one DTLS used would then be ambiguous.
 */
export function fingerprintFromSdp(sdp: string): string | null {
  const found = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      found.add(normalizeFingerprint(match[1], match[2]));
    }
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}
