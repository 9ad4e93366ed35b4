/**
 * Capture and Memories as a person uses them: real Chromium, real companion, the store on OPFS.
 * Memories are written through the UI and checked through the UI (and the store where the UI
 * cannot tell, e.g. that Undo really undeleted).
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newMemoryId, type MemoryId } from '@kiana/shared/ids';
import { launchDevice, openApp, type Device } from './devices.ts';
import { seriousViolations, sidewaysOverflow } from './layout-checks.ts';
import { useSession } from './session.ts';
import { call, storeReady } from './storage-rpc.ts';
import { MemFiles } from '../../workers/store/mem-files.ts';
import { migrate } from '../../workers/store/migrations.ts';
import { openTestDb } from '../unit/storage/sqlite-node.ts';

const session = useSession({ name: 'laptop' });

let serial = 0;
/** A memory text no other test uses, so lists can be searched for it. */
const unique = (what: string): string => `${what} #${Date.now().toString(36)}${serial++}`;

async function open(route: string, device: Device = session.device): Promise<Page> {
  const page = await openApp(device, session.companion.url, `/#/${route}`);
  await storeReady(page);
  return page;
}

const newMemory = (page: Page): Locator => page.getByRole('textbox', { name: 'New memory' });
const recent = (page: Page): Locator => page.getByRole('list', { name: 'Recently saved' });
const memoriesList = (page: Page): Locator => page.getByRole('list', { name: 'Memories' });
/** A row of the Memories list by its text (tag chips are list items too, but hold no text). */
const row = (page: Page, text: string): Locator =>
  memoriesList(page).locator(':scope > li').filter({ hasText: text });

describe('Capture', () => {
  it('saves with the Save button, shows the memory at once and keeps it across a reload', async () => {
    const page = await open('capture');
    const text = unique('Remember the milk');
    await newMemory(page).fill(text);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await recent(page).getByText(text).waitFor();
    expect(await newMemory(page).inputValue()).toBe('');

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await recent(page).getByText(text).waitFor();
    await page.getByRole('link', { name: 'Memories' }).click();
    await row(page, text).waitFor();
  });

  it('saves with Ctrl+Enter, with comma-separated tags', async () => {
    const page = await open('capture');
    const text = unique('Call the plumber');
    await newMemory(page).fill(text);
    await page.getByRole('textbox', { name: 'Tags' }).fill(' home, Urgent ,, home ');
    await newMemory(page).press('Control+Enter');
    const item = recent(page).getByRole('listitem').filter({ hasText: text });
    await item.waitFor();
    const tags = await item
      .getByRole('list', { name: 'Tags' })
      .getByRole('listitem')
      .allTextContents();
    expect(tags.map((t) => t.trim())).toEqual(['home', 'Urgent']);
    expect(await page.getByRole('textbox', { name: 'Tags' }).inputValue()).toBe('');
  });

  it('keeps an unsaved draft across a reload', async () => {
    const page = await open('capture');
    const draft = unique('half a thought');
    await newMemory(page).fill(draft);
    await page.getByRole('textbox', { name: 'Tags' }).fill('later');
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await newMemory(page).inputValue()).toBe(draft);
    expect(await page.getByRole('textbox', { name: 'Tags' }).inputValue()).toBe('later');
    await newMemory(page).fill('');
    await page.getByRole('textbox', { name: 'Tags' }).fill('');
  });

  it('shows the quota error and keeps the typed text when the disk is full', async () => {
    const phone = await launchDevice({ name: 'full-phone' });
    try {
      const page = await open('capture', phone);
      await call(page, 'memories.put', { id: newMemoryId(), text: 'before', source: 'typed' });
      const cdp = await phone.context.newCDPSession(page);
      const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
      const origin = new URL(session.companion.url).origin;
      await cdp.send('Storage.overrideQuotaForOrigin', {
        origin,
        quotaSize: (usage ?? 0) + 256 * 1024,
      });
      // Each save of ~90 kB eats into the rest of the quota until SQLite cannot grow the file.
      const alert = page.getByRole('alert');
      let text = '';
      for (let i = 0; i < 20 && !(await alert.isVisible()); i++) {
        text = `${'x'.repeat(90_000)} ${unique('big')}`;
        await newMemory(page).fill(text);
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.waitForFunction(
          () =>
            document.querySelector<HTMLTextAreaElement>('#capture-text')?.value === '' ||
            document.querySelector('[role="alert"]') !== null,
        );
      }
      expect(await alert.textContent()).toContain('The browser has no more storage space');
      expect(await newMemory(page).inputValue()).toBe(text);

      // Space is back: the same text saves, and the error goes away.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForFunction(
        () => document.querySelector<HTMLTextAreaElement>('#capture-text')?.value === '',
      );
      expect(await alert.count()).toBe(0);
    } finally {
      await phone.dispose();
    }
  });
});

/** Saves a memory through the store (setting up the state a Memories test starts from). */
async function seed(page: Page, text: string, tags: string[] = []): Promise<MemoryId> {
  const memory = await call(page, 'memories.put', {
    id: newMemoryId(),
    text,
    source: 'typed',
    tags,
  });
  return memory.id;
}

describe('Memories', () => {
  it('lists memories newest first with time, origin and tags', async () => {
    const page = await open('memories');
    const older = unique('older');
    const newer = unique('newer');
    await seed(page, older, ['garden']);
    await seed(page, newer);
    await row(page, newer).waitFor();
    const texts = await memoriesList(page).locator(':scope > li p').allTextContents();
    expect(texts.indexOf(newer)).toBeLessThan(texts.indexOf(older));
    const meta = row(page, older);
    expect(await meta.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await meta.textContent()).toContain('Typed');
    expect(await meta.getByRole('list', { name: 'Tags' }).textContent()).toContain('garden');
  });

  it('edits text and tags in a dialog; Cancel changes nothing', async () => {
    const page = await open('memories');
    const text = unique('draft text');
    const id = await seed(page, text, ['one']);
    await row(page, text).getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit memory' });
    await dialog.getByRole('textbox', { name: 'Text' }).fill('changed but cancelled');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await call(page, 'memories.get', { id }))?.text).toBe(text);

    await row(page, text).getByRole('button', { name: 'Edit', exact: true }).click();
    const edited = unique('final text');
    expect(await dialog.getByRole('textbox', { name: 'Text' }).inputValue()).toBe(text);
    await dialog.getByRole('textbox', { name: 'Text' }).fill(edited);
    await dialog.getByRole('textbox', { name: 'Tags' }).fill('one, two');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row(page, edited).waitFor();
    expect(await call(page, 'memories.get', { id })).toMatchObject({
      text: edited,
      tags: ['one', 'two'],
    });
    // The dialog gives focus back to the Edit button it came from.
    expect(await page.evaluate(() => document.activeElement?.textContent.trim())).toBe('Edit');
  });

  it('deletes with Undo: the row goes, Undo brings it back', async () => {
    const page = await open('memories');
    const text = unique('delete me');
    const id = await seed(page, text);
    await row(page, text).getByRole('button', { name: 'Delete', exact: true }).click();
    await row(page, text).waitFor({ state: 'detached' });
    const status = page.getByRole('status').filter({ hasText: 'Memory deleted.' });
    await status.waitFor();
    expect(await call(page, 'memories.get', { id })).toBeNull();
    // Focus moved to Undo, since the row's own buttons are gone.
    expect(await page.evaluate(() => document.activeElement?.textContent.trim())).toBe('Undo');
    await status.getByRole('button', { name: 'Undo' }).click();
    await row(page, text).waitFor();
    expect(await call(page, 'memories.get', { id })).toMatchObject({ text, deleted: false });
    await status.waitFor({ state: 'detached' });
  });

  it('shows memories another tab saves without a reload', async () => {
    const page = await open('memories');
    const other = await session.device.context.newPage();
    try {
      await other.goto(`${session.companion.url}/#/devices`);
      await storeReady(other);
      const text = unique('from the other tab');
      await seed(other, text);
      await row(page, text).waitFor();
    } finally {
      await other.close();
    }
  });

  it('speaks German after switching the language', async () => {
    const page = await open('settings');
    try {
      await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
      await page.getByRole('link', { name: 'Erfassen' }).click();
      await page.getByRole('textbox', { name: 'Neue Erinnerung' }).waitFor();
      await page.getByRole('textbox', { name: 'Schlagwörter' }).waitFor();
      await page.getByRole('button', { name: 'Speichern' }).waitFor();
      await page.getByRole('link', { name: 'Erinnerungen' }).click();
      const list = page.getByRole('list', { name: 'Erinnerungen' });
      await list.getByRole('button', { name: 'Bearbeiten' }).first().waitFor();
      await list.getByRole('button', { name: 'Löschen' }).first().waitFor();
      await page.getByRole('link', { name: 'Suche' }).click();
      await page.getByRole('searchbox', { name: 'Erinnerungen durchsuchen' }).waitFor();
    } finally {
      await page.getByRole('link', { name: /Einstellungen|Settings/ }).click();
      await page.getByRole('combobox', { name: /Sprache|Language/ }).selectOption('en');
    }
  });
});

describe('100,000 memories', () => {
  it('keep at most a few dozen rows in the DOM and scroll to the oldest', async () => {
    const archive = await launchDevice({ name: 'archive', viewport: { width: 1280, height: 900 } });
    try {
      await plantDatabase(archive, await archiveOf(100_000));
      const page = await open('memories', archive);
      await page.getByText('100,000 memories').waitFor();
      const list = memoriesList(page);
      const rows = list.locator(':scope > li');
      await list.getByText('Memory number 99999', { exact: true }).waitFor();
      expect(await rows.count()).toBeLessThanOrEqual(50);

      // The keyboard reaches the end: focus the scroller, press End. The device has a second
      // tab (the one that planted the database); keys go to the focused tab's focused element.
      await page.bringToFront();
      const scroller = list.locator('xpath=..');
      await scroller.focus();
      await page.keyboard.press('End');
      await page.waitForFunction(
        (el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2,
        await scroller.elementHandle(),
      );
      await list.getByText('Memory number 0', { exact: true }).waitFor();
      expect(await rows.count()).toBeLessThanOrEqual(50);
      expect(await rows.last().getAttribute('aria-posinset')).toBe('100000');

      // Halfway down, every row shows the memory its position says.
      await list.locator('xpath=..').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
      await page.waitForFunction(() =>
        [...document.querySelectorAll('li[aria-posinset]')].some(
          (li) => li.getAttribute('aria-posinset') === '50000' && li.textContent.includes('Memory'),
        ),
      );
      const shown = await rows.evaluateAll((items) =>
        items.map((li) => [
          Number(li.getAttribute('aria-posinset')),
          li.querySelector('p')?.textContent,
        ]),
      );
      for (const [position, text] of shown) {
        if (text && text !== 'Loading…')
          expect(text).toBe(`Memory number ${100_000 - Number(position)}`);
      }
      expect(shown.length).toBeLessThanOrEqual(50);

      // A memory written now appears on top, as the list refreshes around the window.
      await page.keyboard.press('Home');
      await seed(page, 'the newest of them all');
      await row(page, 'the newest of them all').waitFor();
      await page.getByText('100,001 memories').waitFor();
    } finally {
      await archive.dispose();
    }
  }, 180_000);
});

/**
 * A database with `n` memories "Memory number 0" (oldest) … n-1 (newest), made in Node with the
 * same SQLite build and schema, then planted in OPFS: the whole set-up takes ~10 s, where
 * writing 100k through the store's RPC (bulkPut, 1000 per transaction) took 90–180 s on the
 * 2-core CI machine. The write path has its own tests; this one is about rendering.
 */
async function archiveOf(n: number): Promise<Uint8Array> {
  const t = await openTestDb();
  await migrate(t.sql);
  const device = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
  await t.sql.run(
    `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc)
     WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1 - 1)
     SELECT 'seed-' || i, 'Memory number ' || i, 'import', '[]', ?2,
       printf('%012x.0000.%s', 1700000000000 + i, ?2),
       printf('%012x.0000.%s', 1700000000000 + i, ?2) FROM seq`,
    [n, device],
  );
  const mem = MemFiles.register(t.api, t.module);
  const path = mem.tempPath('archive');
  await t.sql.exec(`VACUUM INTO '${mem.uri(path)}'`);
  const bytes = mem.read(path);
  if (!bytes) throw new Error('VACUUM INTO wrote nothing');
  return bytes;
}

/** Puts `bytes` where the store keeps its database, before the app first opens it. */
async function plantDatabase(device: Device, bytes: Uint8Array): Promise<void> {
  // Served to the page by Playwright (loopback, never the companion): streaming 34 MB over
  // fetch takes a second, passing it as evaluate() arguments took seventeen.
  const url = `${session.companion.url}/__test-seed.sqlite`;
  await device.context.route(url, (route) => route.fulfill({ body: Buffer.from(bytes) }));
  // Any page of the origin will do, as long as the app (and its store) is not running yet.
  await device.page.goto(`${session.companion.url}/manifest.webmanifest`);
  await device.page.evaluate(async (from) => {
    const response = await fetch(from);
    const root = await navigator.storage.getDirectory();
    const file = await root.getFileHandle('kiana.db', { create: true });
    await response.body?.pipeTo(await file.createWritable());
  }, url);
  await device.context.unroute(url);
}

describe.each(['light', 'dark'] as const)(
  'on a 360 px phone in %s mode, with content',
  (scheme) => {
    it.each(['capture', 'search', 'memories'])(
      'the %s view neither scrolls sideways nor has serious a11y violations',
      async (route) => {
        const page = session.device.page;
        await page.setViewportSize({ width: 360, height: 740 });
        await page.emulateMedia({ colorScheme: scheme });
        await open(route);
        await seed(
          page,
          `A long German word: Donaudampfschifffahrtsgesellschaftskapitän ${route}`,
          ['eine-sehr-lange-schlagwort-bezeichnung-die-nicht-passt', 'kurz'],
        );
        if (route === 'search') {
          await page.getByRole('searchbox', { name: 'Search memories' }).fill('donau*');
          await page.getByRole('list', { name: 'Results' }).getByRole('listitem').first().waitFor();
        } else if (route === 'memories') {
          await memoriesList(page).getByText('Donaudampf', { exact: false }).first().waitFor();
        } else {
          await recent(page).getByText('Donaudampf', { exact: false }).first().waitFor();
        }
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        expect(await seriousViolations(page)).toEqual([]);
      },
    );
  },
);
