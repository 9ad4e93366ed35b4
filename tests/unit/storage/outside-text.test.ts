/**
 * Text that reaches the memories table from outside (a peer's synced transactions, an imported
 * file) is cleaned exactly as typed text is: no snippet markers (they would fake highlights), no
 * NUL. Peers and files are written here without the app's own input checks, as an attacker would.
 */
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../workers/store/migrations.ts';
import { MemFiles } from '../../../workers/store/mem-files.ts';
import { Net, mid } from './chain-net.ts';
import { openTestDb, openTestStore } from './sqlite-node.ts';

const DIRTY = 'fake \uE000highlight\uE001 and a NUL\0 here';
const CLEAN = 'fake highlight and a NUL here';

describe('text from outside is cleaned', () => {
  it('in memories projected from a peer’s synced transactions', async () => {
    const net = new Net();
    const a = await net.add(1);
    const b = await net.add(2);
    await net.pair(a, b);
    // Straight to the service, past the worker's argument checks: what a modified peer signs.
    await b.store.put({ id: mid('dirty'), text: DIRTY, source: 'typed', tags: ['\uE000x', 'y\0'] });
    await net.connect(a, b);
    await net.run();
    const got = await a.store.get({ id: mid('dirty'), includeDeleted: false });
    expect(got).toMatchObject({ text: CLEAN, tags: ['x', 'y'] });
    const hit = (await a.store.search({ query: 'highlight', limit: 5 })).hits[0];
    // The only markers in a snippet are the ones FTS5 puts around the match.
    expect(hit?.snippet.match(/\uE000/g)).toHaveLength(1);
  });

  it('in rows of an imported file', async () => {
    const src = await openTestDb();
    await migrate(src.sql);
    const hlc = '000000000001.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa';
    await src.sql.run(
      `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc)
       VALUES ('dirty', ?, 'typed', ?, 'aaaaaaaaaaaaaaaaaaaaaaaaaa', ?, ?)`,
      // SQLite hands text back only up to a NUL, so in a file's text only the markers matter.
      ['fake \uE000highlight\uE001 here', JSON.stringify(['\uE001a', 'A', 'b\0']), hlc, hlc],
    );
    const mem = MemFiles.register(src.api, src.module);
    const path = mem.tempPath('dirty');
    await src.sql.exec(`VACUUM INTO '${mem.uri(path)}'`);
    const bytes = mem.read(path);
    if (!bytes) throw new Error('VACUUM INTO wrote nothing');

    const { store } = await openTestStore();
    expect(await store.importBytes(bytes)).toMatchObject({ added: 1, skipped: 0 });
    const got = await store.get({ id: mid('dirty'), includeDeleted: false });
    expect(got).toMatchObject({ text: 'fake highlight here', tags: ['a', 'b'] });
  });
});
