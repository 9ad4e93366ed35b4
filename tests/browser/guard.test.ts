import { describe, expect, it } from 'vitest';
import { staysLocal } from './devices.ts';
import { useSession } from './session.ts';

const session = useSession({ name: 'probe', guarded: false });

describe('the test guard', () => {
  it('classifies loopback and non-network URLs as local, anything else as leaving', () => {
    expect(staysLocal('http://127.0.0.1:8787/x')).toBe(true);
    expect(staysLocal('ws://localhost:1/peerjs')).toBe(true);
    expect(staysLocal('data:text/plain,hi')).toBe(true);
    expect(staysLocal('https://huggingface.co/model')).toBe(false);
    expect(staysLocal('http://192.168.1.2/')).toBe(false);
  });

  it('records a request that tries to leave localhost, and the resolver refuses it', async () => {
    const page = session.device.page;
    // about:blank has no CSP, so the request really reaches the network stack (the app's CSP
    // would stop it before any request exists).
    await page.goto('about:blank');
    const outcome = await page.evaluate(() =>
      fetch('https://example.invalid/leak', { mode: 'no-cors' }).then(
        () => 'reached',
        () => 'refused',
      ),
    );
    expect(outcome).toBe('refused');
    expect(session.device.external).toContain('https://example.invalid/leak');
  });

  it('records a CSP violation raised by the page', async () => {
    const page = session.device.page;
    await page.goto(`${session.companion.url}/`);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
    });
    await expect.poll(() => session.device.cspViolations.length).toBeGreaterThan(0);
  });
});
