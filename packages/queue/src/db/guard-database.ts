import { translateSqliteError } from './sqlite-errors.js';

/** The parts of a better-sqlite3 connection that run SQL (kept structural: this module does not import the driver). */
interface GuardableDatabase {
  prepare(source: string): object;
  exec(source: string): unknown;
  pragma(source: string, options?: unknown): unknown;
  transaction(fn: (...args: never[]) => unknown): unknown;
}

const STATEMENT_METHODS = ['run', 'get', 'all', 'iterate'] as const;
const TRANSACTION_VARIANTS = ['deferred', 'immediate', 'exclusive'] as const;

type AnyFn = (...args: unknown[]) => unknown;

function guardFn<F extends AnyFn>(fn: F, file: string): F {
  return function guarded(this: unknown, ...args: unknown[]) {
    try {
      return fn.apply(this, args);
    } catch (error) {
      throw translateSqliteError(error, file);
    }
  } as F;
}

function guardIterator(iterator: Iterator<unknown>, file: string): IterableIterator<unknown> {
  const next = guardFn(iterator.next.bind(iterator) as AnyFn, file) as Iterator<unknown>['next'];
  const wrapped = {
    next,
    return: (value?: unknown) => iterator.return?.(value) ?? { done: true as const, value },
    [Symbol.iterator]() {
      return wrapped;
    },
  };
  return wrapped;
}

function guardStatement<S extends object>(statement: S, file: string): S {
  const target = statement as unknown as Record<string, AnyFn>;
  for (const method of STATEMENT_METHODS) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    const bound = guardFn(original.bind(statement), file);
    target[method] = method === 'iterate' ? (...args: unknown[]) => guardIterator(bound(...args) as Iterator<unknown>, file) : bound;
  }
  return statement;
}

/**
 * Makes every statement of `db` translate SQLite's environment failures (`SQLITE_BUSY`,
 * `SQLITE_LOCKED`, `SQLITE_FULL`, …) into {@link ProofsheetError}s at the queue's boundary: prepared
 * statements (run/get/all/iterate), `exec`, `pragma` and the BEGIN/COMMIT of `transaction`. Without
 * this, a lock held by the review server in the middle of a run surfaced as a raw driver error,
 * which the process boundary takes for a bug (exit 70).
 */
export function guardDatabase<D extends GuardableDatabase>(db: D, file: string): D {
  const target = db as unknown as Record<string, AnyFn>;
  const prepare = db.prepare.bind(db);
  target.prepare = (source: unknown) => {
    let statement: object;
    try {
      statement = prepare(source as string);
    } catch (error) {
      throw translateSqliteError(error, file);
    }
    return guardStatement(statement, file);
  };
  target.exec = guardFn(db.exec.bind(db) as AnyFn, file);
  target.pragma = guardFn(db.pragma.bind(db) as AnyFn, file);
  const transaction = db.transaction.bind(db) as AnyFn;
  target.transaction = (fn: unknown) => {
    const base = transaction(fn) as AnyFn & Record<string, AnyFn>;
    const guarded = guardFn(base, file) as AnyFn & Record<string, unknown>;
    for (const variant of TRANSACTION_VARIANTS) guarded[variant] = guardFn(base[variant] as AnyFn, file);
    guarded.default = guarded;
    return guarded;
  };
  return db;
}
