import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemoryId } from '@kiana/shared/ids';
import { KianaError } from '@kiana/shared/errors';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../../workers/store/migrations.ts';
import { MemFiles } from '../../../workers/store/mem-files.ts';
import { openTestDb, openTestStore } from './sqlite-node.ts';
import type { StoreService } from '../../../workers/store/service.ts';
import { loadRatchetSuite } from '../../../src/core/crypto/ratchet/suite.ts';
import { sessionStart } from '../../../src/core/messaging/start.ts';
import { deviceKeys } from '../chain/helpers.ts';

const id = (s: string): MemoryId => s as MemoryId;
const hasCli = existsSync('/usr/bin/sqlite3');

async function seeded(texts: string[], now = () => Date.now()): Promise<StoreService> {
  const { store } = await openTestStore({ now });
  for (const [i, text] of texts.entries()) {
    await store.put({ id: id(`m${i}`), text, source: 'typed', tags: [] });
  }
  return store;
}

async function snapshot(store: StoreService): Promise<unknown> {
  return store.list({ offset: 0, limit: 500, includeDeleted: true });
}

async function importCode(store: StoreService, bytes: Uint8Array): Promise<string> {
  try {
    await store.importBytes(bytes);
    return 'ok';
  } catch (e) {
    return e instanceof KianaError ? e.code : 'other';
  }
}

describe('export', () => {
  it('produces a standard SQLite file with the memories inside', async () => {
    const store = await seeded(['Grüße an Müller', 'second']);
    const bytes = await store.exportBytes();
    expect(new TextDecoder().decode(bytes.subarray(0, 15))).toBe('SQLite format 3');
    if (!hasCli) return;
    const file = join(mkdtempSync(join(tmpdir(), 'kiana-export-')), 'kiana.db');
    writeFileSync(file, bytes);
    const run = (q: string) => execFileSync('sqlite3', [file, q], { encoding: 'utf8' }).trim();
    expect(run('PRAGMA integrity_check')).toBe('ok');
    expect(run('SELECT text FROM memories ORDER BY id')).toBe('Grüße an Müller\nsecond');
    expect(run("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'muller'")).toBe('1');
  });

  it('leaves out the ratchet states and outbox ciphertexts, every byte of them', async () => {
    const { store, t } = await openTestStore();
    const suite = await loadRatchetSuite();
    const [me, peer] = [deviceKeys(0), deviceKeys(5)];
    const { pairing, state } = sessionStart(suite, {
      me: { deviceId: me.deviceId, boxPublicKey: me.boxPublicKey, boxSecretKey: me.boxSecretKey },
      peer: { deviceId: peer.deviceId, boxKey: peer.boxPublicKey },
      pairingSecret: new Uint8Array(32).fill(3),
    });
    await store.messages.start(peer.deviceId, pairing, state);
    await store.messages.send(peer.deviceId, { kind: 'text', text: 'hello there' });
    const [sealed] = await store.messages.outgoing(peer.deviceId);
    if (!sealed) throw new Error('nothing sealed');
    // The ratchet's own secret key (after version and public key) and the ciphertext: on disk
    // here, in no exported byte.
    const secret = state.subarray(33, 65);
    const holds = (file: Uint8Array, part: Uint8Array) =>
      Buffer.from(file).indexOf(Buffer.from(part)) >= 0;
    expect(t.files().some((f) => holds(f, secret) && holds(f, sealed.bytes))).toBe(true);
    const bytes = await store.exportBytes();
    expect(holds(bytes, secret)).toBe(false);
    expect(holds(bytes, sealed.bytes)).toBe(false);
    expect(holds(bytes, new TextEncoder().encode('hello there'))).toBe(true);
  });
});

describe('import', () => {
  it(
    'merges another database: new memories added, newer versions win, older lose',
    { timeout: 30_000 },
    async () => {
      let t = 1_000;
      const source = await seeded(['shared', 'only there'], () => t++);
      const target = await seeded(['shared'], () => 5_000);
      // The source's m0 is older than the target's (t 1000 < 5000); edit m1 only exists there.
      const result = await target.importBytes(await source.exportBytes());
      expect(result).toMatchObject({
        added: 1,
        updated: 0,
        skipped: 0,
        fromVersion: SCHEMA_VERSION,
      });
      expect((await target.get({ id: id('m1'), includeDeleted: false }))?.text).toBe('only there');

      t = 9_000;
      await source.edit({ id: id('m0'), text: 'shared, edited later' });
      const second = await target.importBytes(await source.exportBytes());
      expect(second).toMatchObject({ added: 0, updated: 1 });
      expect((await target.get({ id: id('m0'), includeDeleted: false }))?.text).toBe(
        'shared, edited later',
      );
      expect((await target.search({ query: 'edited', limit: 5 })).hits).toHaveLength(1);
      // After the import, a local edit must still be newer than anything imported.
      const local = await target.edit({ id: id('m0'), text: 'mine' });
      expect(
        local.updatedHlc >
          ((await source.get({ id: id('m0'), includeDeleted: false }))?.updatedHlc ?? ''),
      ).toBe(true);
    },
  );

  it('refuses corrupt, truncated and non-SQLite files and leaves the database unchanged', async () => {
    const target = await seeded(['keep me']);
    const before = await snapshot(target);
    const good = await (await seeded(['x', 'y', 'z'])).exportBytes();

    const corrupt = good.slice();
    for (let i = 4096; i < corrupt.length; i += 97) corrupt[i] = 0xff ^ (corrupt[i] ?? 0);
    const truncated = good.slice(0, 3000);
    const notSqlite = new TextEncoder().encode('hello'.repeat(200));

    for (const bytes of [corrupt, truncated, notSqlite, new Uint8Array(0)]) {
      expect(await importCode(target, bytes)).toBe('import-invalid');
    }
    expect(await snapshot(target)).toEqual(before);
    expect((await target.search({ query: 'keep', limit: 5 })).hits).toHaveLength(1);
  });

  it('skips rows that are not valid memories', async () => {
    const src = await openTestDb();
    await migrate(src.sql);
    const hlc = '000000000001.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa';
    const ins = `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc)
                 VALUES (?, ?, 'typed', '[]', 'aaaaaaaaaaaaaaaaaaaaaaaaaa', ?, ?)`;
    await src.sql.run(ins, ['good', 'fine', hlc, hlc]);
    await src.sql.run(ins, ['bad id!', 'x', hlc, hlc]);
    await src.sql.run(ins, ['badclock', 'x', 'yesterday', 'yesterday']);
    const { store: exporter } = await openTestStore({}, src);
    const target = await seeded([]);
    const result = await target.importBytes(await exporter.exportBytes());
    expect(result).toMatchObject({ added: 1, skipped: 2 });
  });

  it('imports a file of an earlier schema version', async () => {
    const old = await openTestDb();
    await migrate(old.sql, MIGRATIONS, 1);
    const hlc = '000000000001.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa';
    await old.sql.run(
      `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc)
       VALUES ('v1', 'from version one Müller', 'import', '[]', 'aaaaaaaaaaaaaaaaaaaaaaaaaa', ?, ?)`,
      [hlc, hlc],
    );
    // Exported by a raw VACUUM INTO, since opening it as a store would migrate it first.
    const bytes = await rawExport(old);
    const target = await seeded([]);
    expect(await target.importBytes(bytes)).toMatchObject({ added: 1, fromVersion: 1 });
    expect((await target.search({ query: 'muller', limit: 5 })).hits[0]?.memory.id).toBe('v1');
  });

  it('refuses a database from a newer app version', async () => {
    const newer = await openTestDb();
    await migrate(newer.sql);
    await newer.sql.exec('PRAGMA user_version = 99');
    const target = await seeded(['x']);
    expect(await importCode(target, await rawExport(newer))).toBe('import-invalid');
  });

  it('refuses a SQLite file without a memories table', async () => {
    const other = await openTestDb();
    await other.sql.exec('CREATE TABLE notes (x TEXT); PRAGMA user_version = 1');
    const target = await seeded(['x']);
    expect(await importCode(target, await rawExport(other))).toBe('import-invalid');
  });
});

/** The bytes of a test database as it is, without migrating it. */
async function rawExport(t: Awaited<ReturnType<typeof openTestDb>>): Promise<Uint8Array> {
  const mem = MemFiles.register(t.api, t.module);
  const path = mem.tempPath('raw');
  await t.sql.exec(`VACUUM INTO '${mem.uri(path)}'`);
  const bytes = mem.read(path);
  if (!bytes) throw new Error('VACUUM INTO wrote nothing');
  mem.remove(path);
  return bytes;
}
