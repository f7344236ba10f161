import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatConfigIssues } from './issues.js';
import { resolveConfig, type ConfigInputs } from './resolve.js';
import { toConfigJsonSchema } from './schema.js';
import { toRedactedConfig } from './redact-config.js';

function file(content: unknown): ConfigInputs['file'] {
  return { path: '/p/proofsheet.config.json', text: typeof content === 'string' ? content : JSON.stringify(content) };
}

function resolveOk(inputs: ConfigInputs) {
  const result = resolveConfig(inputs);
  if (!result.ok) throw new Error(formatConfigIssues(result.issues));
  return result;
}

function issuesOf(inputs: ConfigInputs): string {
  const result = resolveConfig(inputs);
  if (result.ok) throw new Error('expected issues');
  return formatConfigIssues(result.issues);
}

describe('resolveConfig', () => {
  it('fills every default when there is no file', () => {
    const { config, secrets } = resolveOk({ env: {} });
    expect(config.caption.hosts).toEqual([{ url: 'http://127.0.0.1:11434', slots: 2 }]);
    expect(config.concurrency).toEqual({ stage: 2, quality: 1, derive: 2 });
    expect(config.quality.providers).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(config.publish.destination).toBe('local');
    expect(config.logging.database).toBeNull();
    expect(secrets).toEqual({ ftpPassword: null, mysqlPassword: null });
  });

  it('applies defaults < file < env < flags', () => {
    const { config } = resolveOk({
      file: file({ caption: { model: 'from-file', keywords: 6, maxAttempts: 4 }, review: { port: 5000 } }),
      env: { PROOFSHEET_CAPTION__MODEL: 'from-env', PROOFSHEET_CAPTION__KEYWORDS: '7', OLLAMA_HOST: 'gpu:11500' },
      flags: { caption: { model: 'from-flag' } },
    });
    expect(config.caption.model).toBe('from-flag');
    expect(config.caption.keywords).toBe(7);
    expect(config.caption.maxAttempts).toBe(4);
    expect(config.review.port).toBe(5000);
    expect(config.caption.hosts).toEqual([{ url: 'http://gpu:11500', slots: 2 }]);
  });

  it('lets the file override OLLAMA_HOST, which is only a default', () => {
    const { config } = resolveOk({ file: file({ caption: { hosts: [{ url: 'http://a:1' }, { url: 'http://b:2', slots: 4 }] } }), env: { OLLAMA_HOST: 'x' } });
    expect(config.caption.hosts).toEqual([{ url: 'http://a:1', slots: 2 }, { url: 'http://b:2', slots: 4 }]);
  });

  it('coerces environment strings by the type of the key they name', () => {
    const { config } = resolveOk({
      env: {
        PROOFSHEET_CAPTION__ENABLED: 'false',
        PROOFSHEET_CAPTION__FALLBACK_MODEL: 'llava:7b',
        PROOFSHEET_QUALITY__PROVIDERS: 'cpu',
        PROOFSHEET_PUBLISH__FTP__USER: '12345',
        PROOFSHEET_LOGGING__DATABASE: '{"kind":"sqlite","url":"logs.db"}',
        PROOFSHEET_LOGGING__SHAREDDIR: 'null',
      },
    });
    expect(config.caption.enabled).toBe(false);
    expect(config.caption.fallbackModel).toBe('llava:7b');
    expect(config.quality.providers).toEqual(['cpu']);
    expect(config.publish.ftp.user).toBe('12345');
    expect(config.logging.database).toEqual({ kind: 'sqlite', url: 'logs.db', required: false });
    expect(config.logging.sharedDir).toBeNull();
  });

  it('lists every problem with its dotted path and source', () => {
    expect(
      issuesOf({
        file: file({ caption: { modle: 'x', maxAttempts: 0 }, concurrency: { derive: 'two' }, publish: { ftp: { password: 'hunter2' } } }),
        env: { PROOFSHEET_REVIEW__PORT: '99999', PROOFSHEET_NOPE__X: '1' },
      }),
    ).toMatchInlineSnapshot(`
      "publish.ftp.password: secrets are not read from the config file; set PROOFSHEET_FTP_PASSWORD instead (from config file)
      nope: unknown key (known here: paths, naming, concurrency, quality, caption, publish, review, logging) (from env PROOFSHEET_NOPE__X)
      concurrency.derive: Invalid input: expected number, received string (from config file)
      caption.maxAttempts: Too small: expected number to be >=1 (from config file)
      caption.modle: unknown key (did you mean "model"?) (from config file)
      review.port: Too big: expected number to be <=65535 (from env PROOFSHEET_REVIEW__PORT)"
    `);
  });

  it('never echoes a secret from the file', () => {
    const result = resolveConfig({ file: file({ publish: { mysql: { password: 'hunter2' } } }), env: {} });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('refuses a password inside logging.database.url in the file', () => {
    expect(issuesOf({ file: file({ logging: { database: { kind: 'mysql', url: 'mysql://u:pw@h/db' } } }), env: {} })).toContain(
      'logging.database.url: holds a password; set the URL in the environment instead (PROOFSHEET_LOGGING__DATABASE__URL)',
    );
  });

  it('reports malformed JSON and non-object files', () => {
    expect(issuesOf({ file: file('{ "caption": '), env: {} })).toMatch(/^\(root\): \/p\/proofsheet.config.json is not valid JSON/);
    expect(issuesOf({ file: file('[1]'), env: {} })).toContain('must hold a JSON object');
  });

  it('applies cross-field rules after the schema', () => {
    const text = issuesOf({
      file: file({ publish: { destination: 'remote', ftp: { host: 'ftp.example.com' } }, caption: { model: 'm', fallbackModel: 'm', idleTimeoutSec: 1000, hardTimeoutSec: 10 } }),
      env: {},
    });
    expect(text.split('\n')).toEqual([
      'publish.ftp.user: is required when publish.destination is "remote"',
      'publish.mysql.host: is required when publish.destination is "remote"',
      'publish.mysql.user: is required when publish.destination is "remote"',
      'publish.mysql.database: is required when publish.destination is "remote"',
      'caption.fallbackModel: must differ from caption.model ("m"), or be null',
      'caption.idleTimeoutSec: must not exceed caption.hardTimeoutSec (10)',
    ]);
  });

  it('reads secrets only from the environment, preferring the PROOFSHEET_ names', () => {
    const { secrets } = resolveOk({ env: { FTP_PASSWORD: 'a', PROOFSHEET_FTP_PASSWORD: 'b', MYSQL_PASSWORD: 'c' } });
    expect(secrets).toEqual({ ftpPassword: 'b', mysqlPassword: 'c' });
  });

  it('redacts URL credentials for printing', () => {
    const { config } = resolveOk({ env: { PROOFSHEET_LOGGING__DATABASE__KIND: 'mysql', PROOFSHEET_LOGGING__DATABASE__URL: 'mysql://logger:pw123@db/logs' } });
    expect(JSON.stringify(config)).toContain('pw123');
    expect(JSON.stringify(toRedactedConfig(config))).not.toContain('pw123');
    expect(toRedactedConfig(config).logging.database?.url).toBe('mysql://logger:***@db/logs');
  });
});

describe('generated JSON Schema', () => {
  it('is committed and current (run `npm run gen:schema` after changing the schema)', () => {
    const committed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../proofsheet.schema.json');
    expect(JSON.parse(fs.readFileSync(committed, 'utf8'))).toEqual(toConfigJsonSchema());
  });

  it('rejects unknown keys for editors too', () => {
    const schema = toConfigJsonSchema() as { additionalProperties?: unknown; properties: Record<string, unknown> };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['paths', 'caption', 'publish', 'logging']));
  });
});
