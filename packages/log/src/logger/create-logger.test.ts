import { expect, test } from 'vitest';
import { createLogger } from './create-logger.js';

function capture(secrets: readonly string[]) {
  const lines: string[] = [];
  const log = createLogger({ destination: { write: (line: string) => void lines.push(line) }, secrets, bindings: { run_id: 'run_20261122_100000_cli' } });
  return { log, lines };
}

test('secrets are masked in messages, fields, nested keys, error messages, stacks and causes', () => {
  const { log, lines } = capture(['hunter"2', 'tok-123']);
  const cause = new Error('inner mysql://root:deep@h/db');
  log.error(
    { err: new Error('connect to ftp://u:pw9@ftp.example/ failed with hunter"2', { cause }), password: 'x', auth: { token: 'tok-123', user: 'me' }, headers: { authorization: 'Bearer tok-123' }, list: ['tok-123'] },
    'using tok-123',
  );
  const text = lines.join('');
  for (const secret of ['hunter', 'tok-123', 'pw9', 'deep']) expect(text).not.toContain(secret);
  const record = JSON.parse(text) as { err: { stack: string } };
  expect(record).toMatchObject({
    level: 'error',
    run_id: 'run_20261122_100000_cli',
    msg: 'using ***',
    password: '***',
    auth: { token: '***', user: 'me' },
    headers: { authorization: '***' },
    list: ['***'],
    err: { type: 'Error', message: 'connect to ftp://u:***@ftp.example/ failed with ***', cause: { message: 'inner mysql://root:***@h/db' } },
  });
  expect(record.err.stack).toMatch(/^Error: connect to ftp:\/\/u:\*\*\*@ftp\.example\/ failed with \*\*\*\n\s+at /);
});

test('child loggers bind stage, row_id and File_Name; the level filters', () => {
  const lines: string[] = [];
  const log = createLogger({ destination: { write: (line: string) => void lines.push(line) }, level: 'warn' });
  const row = log.child({ run_id: 'r', stage: 'derive' }).child({ row_id: 7, File_Name: 'A_001.JPG' });
  row.info('dropped');
  row.warn({ duration_ms: 3 }, 'kept');
  expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
    { level: 'warn', time: expect.any(String), run_id: 'r', stage: 'derive', row_id: 7, File_Name: 'A_001.JPG', duration_ms: 3, msg: 'kept' },
  ]);
});
