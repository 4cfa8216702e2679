import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { placeholders, type Sql } from '../../src/store/sql.js';
import { SqliteSql } from '../../src/store/sqlite/sqlite-sql.js';

// The seam every repository is written against: what a transaction guarantees, whatever the driver.

const open: Sql[] = [];
afterEach(() => {
  for (const sql of open.splice(0)) if (sql instanceof SqliteSql) sql.db.close();
});

async function sqlite(): Promise<Sql> {
  const sql = new SqliteSql(new Database(':memory:'));
  open.push(sql);
  await sql.run('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, done BOOLEAN NOT NULL)');
  return sql;
}

const count = async (sql: Sql) => (await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM items'))?.n ?? -1;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each([['sqlite', sqlite]])('Sql on %s', (_driver, connect) => {
  it('commits what a transaction wrote when it resolves, and nothing when it throws', async () => {
    const sql = await connect();
    await sql.transaction(async (tx) => {
      await tx.run('INSERT INTO items (name, done) VALUES (?, ?)', ['kept', false]);
    });
    await expect(
      sql.transaction(async (tx) => {
        await tx.run('INSERT INTO items (name, done) VALUES (?, ?)', ['lost', false]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await sql.all('SELECT name FROM items')).toEqual([{ name: 'kept' }]);
  });

  it('never lets a statement from outside land in the middle of an open transaction', async () => {
    const sql = await connect();
    const seen: number[] = [];
    const writing = sql.transaction(async (tx) => {
      await tx.run('INSERT INTO items (name, done) VALUES (?, ?)', ['first', false]);
      await tick();
      await tx.run('INSERT INTO items (name, done) VALUES (?, ?)', ['second', false]);
    });
    const reading = (async () => {
      await tick();
      seen.push(await count(sql));
    })();
    await Promise.all([writing, reading]);
    // Half a transaction is never visible: the read waited for the commit.
    expect(seen).toEqual([2]);
  });

  it('takes transactions one at a time, in the order they were asked for', async () => {
    const sql = await connect();
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        sql.transaction(async (tx) => {
          order.push(`${name} begins`);
          await tick();
          await tx.run('INSERT INTO items (name, done) VALUES (?, ?)', [name, false]);
          order.push(`${name} ends`);
        }),
      ),
    );
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends', 'c begins', 'c ends']);
  });

  it('undoes only the failed part of a nested transaction', async () => {
    const sql = await connect();
    await sql.transaction(async (tx) => {
      await tx.run('INSERT INTO items (name, done) VALUES (?, ?)', ['outer', false]);
      await expect(
        tx.transaction(async (inner) => {
          await inner.run('INSERT INTO items (name, done) VALUES (?, ?)', ['inner', false]);
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
    });
    expect(await sql.all('SELECT name FROM items')).toEqual([{ name: 'outer' }]);
  });

  it('refuses, with a reason, a statement through the database while inside its transaction', async () => {
    const sql = await connect();
    await expect(sql.transaction(async () => count(sql))).rejects.toThrow(/go through its `tx`/);
  });

  it('stores booleans and says how many rows a statement changed', async () => {
    const sql = await connect();
    await sql.run('INSERT INTO items (name, done) VALUES (?, ?), (?, ?)', ['a', true, 'b', false]);
    expect(await sql.run('UPDATE items SET done = ? WHERE done = ?', [true, false])).toBe(1);
    const rows = await sql.all<{ done: unknown }>('SELECT done FROM items ORDER BY id');
    expect(rows.map((row) => Boolean(row.done))).toEqual([true, true]);
  });

  it('binds an IN list of any length', async () => {
    const sql = await connect();
    await sql.run('INSERT INTO items (name, done) VALUES (?, ?), (?, ?), (?, ?)', [
      'a',
      false,
      'b',
      false,
      'c',
      false,
    ]);
    const names = ['a', 'c'];
    const rows = await sql.all<{ name: string }>(
      `SELECT name FROM items WHERE name IN (${placeholders(names.length)}) ORDER BY name`,
      names,
    );
    expect(rows.map((row) => row.name)).toEqual(names);
    expect(await sql.all(`SELECT name FROM items WHERE name IN (${placeholders(0)})`, [null])).toEqual([]);
  });
});
