/**
 * Settings › Data and the device name, as a person uses them: the export button downloads a real
 * SQLite file (checked with the sqlite3 CLI), the import button merges a file or refuses a
 * corrupt one without changing anything, and the IndexedDB fallback is announced by a banner.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newMemoryId } from '@kiana/shared/ids';
import { launchDevice, openApp, type Device } from './devices.ts';
import { useSession } from './session.ts';
import { call, exportBytes, storeReady } from './storage-rpc.ts';
import { MemFiles } from '../../workers/store/mem-files.ts';
import { migrate } from '../../workers/store/migrations.ts';
import { openTestDb } from '../unit/storage/sqlite-node.ts';

const session = useSession({ name: 'laptop' });
const scratch = mkdtempSync(join(tmpdir(), 'kiana-data-ui-'));

async function open(path: string, device: Device = session.device): Promise<Page> {
  const page = await openApp(device, session.companion.url, path);
  await storeReady(page);
  return page;
}

const put = (page: Page, text: string) =>
  call(page, 'memories.put', { id: newMemoryId(), text, source: 'typed', tags: [] });

const dataSection = (page: Page): Locator => page.getByRole('region', { name: 'Data' });

/** The value next to `label` in the Data section's figures. */
async function figure(page: Page, label: string): Promise<string> {
  const pair = dataSection(page).locator('dl > div').filter({ hasText: label });
  return (await pair.locator('dd').textContent())?.trim() ?? '';
}

/** Picks `file` in the chooser the Import button opens. */
async function importFile(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await dataSection(page).getByRole('button', { name: 'Import database' }).click();
  await (await chooser).setFiles(file);
}

describe('Settings › Data', () => {
  it('shows the count, size and storage of the database', async () => {
    const page = await open('/#/capture');
    await put(page, 'counted');
    const count = await call(page, 'memories.count', {});
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => figure(page, 'Memories')).toBe(String(count));
    expect(await figure(page, 'Database size')).toMatch(/\d+(\.\d)? (kB|MB)/);
    expect(await figure(page, 'Stored in')).toContain('OPFSCoopSyncVFS');
  });

  it('exports a file named for today that sqlite3 checks as ok, with the memories inside', async () => {
    const page = await open('/#/capture');
    const text = `exported through the button, Grüße ${Date.now()}`;
    const memory = await put(page, text);
    await page.getByRole('link', { name: 'Settings' }).click();
    const download = page.waitForEvent('download');
    await dataSection(page).getByRole('button', { name: 'Export database' }).click();
    const file = await download;
    const now = new Date();
    const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map((n) => String(n).padStart(2, '0'))
      .join('-');
    expect(file.suggestedFilename()).toBe(`kiana-${day}.sqlite`);
    const path = join(scratch, file.suggestedFilename());
    await file.saveAs(path);
    await dataSection(page).getByText(`Downloaded kiana-${day}.sqlite.`).waitFor();
    if (!existsSync('/usr/bin/sqlite3')) return;
    const sqlite = (q: string) => execFileSync('sqlite3', [path, q], { encoding: 'utf8' }).trim();
    expect(sqlite('PRAGMA integrity_check')).toBe('ok');
    expect(sqlite(`SELECT text FROM memories WHERE id = '${memory.id}'`)).toBe(text);
  });

  it('imports another device’s export and shows what it added', async () => {
    const other = await launchDevice({ name: 'other' });
    try {
      const otherPage = await open('/#/devices', other);
      const theirs = await put(otherPage, 'written on the other device');
      const file = join(scratch, 'other.sqlite');
      writeFileSync(file, await exportBytes(otherPage));

      const page = await open('/#/settings');
      await importFile(page, file);
      await dataSection(page).getByText('Imported: 1 added, 0 updated.', { exact: true }).waitFor();
      // Marked as imported: this device signed it, but it was not typed here.
      expect(await call(page, 'memories.get', { id: theirs.id })).toMatchObject({
        text: 'written on the other device',
        source: 'import',
      });
    } finally {
      await other.dispose();
    }
  });

  it('says what an import left out and why', async () => {
    // A file with one good row and one whose id no Kiana ever wrote, made in Node.
    const t = await openTestDb();
    await migrate(t.sql);
    const hlc = '000000000001.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa';
    const ins = `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc)
                 VALUES (?, ?, 'typed', '[]', 'aaaaaaaaaaaaaaaaaaaaaaaaaa', ?, ?)`;
    await t.sql.run(ins, [newMemoryId(), 'the good row of the file', hlc, hlc]);
    await t.sql.run(ins, ['bad id!', 'the bad row', hlc, hlc]);
    const mem = MemFiles.register(t.api, t.module);
    const path = mem.tempPath('skips');
    await t.sql.exec(`VACUUM INTO '${mem.uri(path)}'`);
    const file = join(scratch, 'skips.sqlite');
    writeFileSync(file, mem.read(path) ?? new Uint8Array());

    const page = await open('/#/settings');
    await importFile(page, file);
    const status = dataSection(page).getByRole('status');
    await status.getByText('Imported: 1 added', { exact: false }).waitFor();
    expect(await status.textContent()).toContain(
      '1 left out: not valid memories (empty text, a broken id or date, or an id the file repeats).',
    );
    // In the list it says where it came from.
    await page.getByRole('navigation').getByRole('link', { name: 'Memories' }).click();
    const row = page
      .getByRole('list', { name: 'Memories' })
      .locator(':scope > li')
      .filter({ hasText: 'the good row of the file' });
    await expect.poll(() => row.textContent()).toContain('Imported');
  });

  it('refuses a corrupt file with a clear message and changes nothing', async () => {
    const page = await open('/#/settings');
    await put(page, 'must survive the bad import');
    const before = await call(page, 'memories.list', { offset: 0, limit: 500 });
    const bytes = await exportBytes(page);
    for (let i = 4096; i < bytes.length; i += 61) bytes[i] = 0xa5;
    const file = join(scratch, 'corrupt.sqlite');
    writeFileSync(file, bytes);

    await importFile(page, file);
    const alert = dataSection(page).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/not a Kiana export\.\s+Nothing was changed\./);
    expect(await call(page, 'memories.list', { offset: 0, limit: 500 })).toEqual(before);
    await expect.poll(() => figure(page, 'Memories')).toBe(String(before.total));
  });
});

describe('Device name', () => {
  it('is editable and survives a reload', async () => {
    const page = await open('/#/settings');
    const name = page.getByRole('textbox', { name: 'Device name' });
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#device-name')?.value !== '',
    );
    expect(await name.inputValue()).toMatch(/ on /); // the default, e.g. "Chrome on Linux"
    await name.fill('  Kitchen   laptop ');
    await page
      .getByRole('region', { name: 'Device' })
      .getByRole('button', { name: 'Save' })
      .click();
    await page.getByText('Saved.').waitFor();
    expect(await name.inputValue()).toBe('Kitchen laptop');
    await page.reload();
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#device-name')?.value === 'Kitchen laptop',
    );
  });
});

describe('IndexedDB fallback', () => {
  it('has no banner while OPFS works', async () => {
    const page = await open('/#/settings');
    await dataSection(page).getByText('OPFSCoopSyncVFS').waitFor();
    expect(await page.getByText('stored in IndexedDB').count()).toBe(0);
  });

  it('says so in a banner, in English and in German', async () => {
    const old = await launchDevice({ name: 'old-browser' });
    try {
      const page = await open('/?vfs=idb#/capture', old);
      const banner = page.getByRole('status').filter({ hasText: 'IndexedDB' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain('cannot give Kiana its private file system');
      expect(await banner.textContent()).toContain('slower');

      await page.getByRole('link', { name: 'Settings' }).click();
      await expect.poll(() => figure(page, 'Stored in')).toContain('IndexedDB');
      await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
      const german = page.getByRole('status').filter({ hasText: 'langsamer' });
      await german.waitFor();
      expect(await german.textContent()).toContain('IndexedDB');
      await page.getByRole('region', { name: 'Daten' }).waitFor();
      await page.getByRole('button', { name: 'Datenbank exportieren' }).waitFor();
      await page.getByRole('button', { name: 'Datenbank importieren' }).waitFor();
      await page.getByRole('textbox', { name: 'Gerätename' }).waitFor();
    } finally {
      await old.dispose();
    }
  });
});
