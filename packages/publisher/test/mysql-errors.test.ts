import { describe, expect, it } from 'vitest';
import { toMysqlError } from '../src/index.js';

/** A driver error as mysql2 raises it (code, errno, SQL state, message). */
function driverError(code: string, sqlState: string | undefined, message: string): Error {
  return Object.assign(new Error(message), { code, ...(sqlState === undefined ? {} : { sqlState }) });
}

describe('toMysqlError', () => {
  it('a lock wait timeout or a deadlock is a busy database (retried), never a schema problem', () => {
    const wait = toMysqlError(driverError('ER_LOCK_WAIT_TIMEOUT', 'HY000', 'Lock wait timeout exceeded; try restarting transaction'), 'catalog');
    expect([wait.code, wait.retryable]).toEqual(['DB_BUSY', true]);
    expect(wait.message).toContain('ER_LOCK_WAIT_TIMEOUT');
    expect(toMysqlError(driverError('ER_LOCK_DEADLOCK', '40001', 'Deadlock found when trying to get lock'), 'catalog').code).toBe('DB_BUSY');
  });

  it('keeps the other classes: access denied, lost connection, schema', () => {
    expect(toMysqlError(driverError('ER_ACCESS_DENIED_ERROR', '28000', 'Access denied for user'), 'catalog').code).toBe('MYSQL_AUTH');
    expect(toMysqlError(driverError('ECONNREFUSED', undefined, 'connect ECONNREFUSED'), 'catalog').code).toBe('MYSQL_CONNECT');
    expect(toMysqlError(driverError('ER_NO_SUCH_TABLE', '42S02', "Table 'site.photos' doesn't exist"), 'catalog').code).toBe('MYSQL_SCHEMA');
  });
});
