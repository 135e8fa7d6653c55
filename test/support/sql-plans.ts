/** The statements a piece of code runs on a SQLite connection, and SQLite's plans for them. */
import type Database from 'better-sqlite3';
import type { SqliteDb } from '../../src-main/core/store/sqlite.ts';

export interface RanStatement {
  sql: string;
  params: unknown[];
}

/** The SQL (and its parameters) of every statement `work` runs on the connection it is given. */
export function statementsOf(db: SqliteDb, work: (db: SqliteDb) => void): RanStatement[] {
  const ran: RanStatement[] = [];
  const spy = new Proxy(db, {
    get(target, key) {
      if (key !== 'prepare') {
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sql: string) => {
        const statement = target.prepare(sql) as Database.Statement<unknown[]>;
        const record =
          (run: (...params: unknown[]) => unknown) =>
          (...params: unknown[]) => {
            ran.push({ sql, params });
            return run.apply(statement, params);
          };
        return Object.assign(Object.create(statement), {
          all: record(statement.all),
          get: record(statement.get),
          run: record(statement.run),
        });
      };
    },
  });
  work(spy);
  return ran;
}

/** The lines of SQLite's query plans (EXPLAIN QUERY PLAN) of every statement `work` runs. */
export function queryPlansOf(db: SqliteDb, work: (db: SqliteDb) => void): string[] {
  return statementsOf(db, work).flatMap(({ sql, params }) =>
    db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => row.detail),
  );
}
