import fs from 'node:fs';
import { describe, expect } from 'vitest';
import { runProofsheet, snapshotTree, test } from '@proofsheet/testkit';

/** Replaces the temp root with <root> so output can be snapshotted. */
function normalise(text: string, root: string): string {
  return text.split(root).join('<root>');
}

describe('proofsheet init', () => {
  test('creates config, schema, data/, logs/ and the database, and a second run changes nothing', async ({ tmp }) => {
    const root = tmp.join('project');
    const first = await runProofsheet(['init', '--root', root]);
    expect(first.code).toBe(0);
    expect(normalise(first.stdout, root)).toMatchInlineSnapshot(`
      "created   .
      created   proofsheet.config.json
      created   proofsheet.schema.json
      created   data
      created   logs
      created   data/proofsheet.db
      Project ready at <root>. Next: proofsheet doctor --root <root>
      "
    `);
    expect(JSON.parse(fs.readFileSync(tmp.join('project/proofsheet.config.json'), 'utf8'))).toEqual({ $schema: './proofsheet.schema.json' });
    expect(JSON.parse(fs.readFileSync(tmp.join('project/proofsheet.schema.json'), 'utf8')).additionalProperties).toBe(false);

    const before = snapshotTree(root);
    const second = await runProofsheet(['init', '--root', root, '--json']);
    expect(second.code).toBe(0);
    expect(snapshotTree(root)).toEqual(before);
    const report = JSON.parse(second.stdout) as { steps: Array<{ action: string }> };
    expect(report.steps.map((s) => s.action)).toEqual(Array(6).fill('unchanged'));
  });

  test('keeps an existing config file untouched', async ({ tmp }) => {
    const config = tmp.write('proofsheet.config.json', '{ "caption": { "model": "llava:13b" } }\n');
    expect((await runProofsheet(['init'], { cwd: tmp.path })).code).toBe(0);
    expect(fs.readFileSync(config, 'utf8')).toBe('{ "caption": { "model": "llava:13b" } }\n');
  });
});

describe('proofsheet doctor', () => {
  test('prints a JSON report and exits 0 on an initialised root', async ({ tmp }) => {
    await runProofsheet(['init', '--root', tmp.path]);
    const run = await runProofsheet(['doctor', '--root', tmp.path, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; required: boolean; detail: string }> };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.ok, c.required])).toEqual([
      ['config', true, true],
      ['data_dir', true, true],
      ['logs_dir', true, true],
      ['disk_space', true, true],
      ['database', true, true],
      ['log_sinks', true, false],
      ['ollama', expect.any(Boolean), false],
      ['quality', true, true],
      ['ftp', true, true],
      ['mysql', true, true],
      ['catalog_pull', true, false],
      ['backup_age', true, false],
    ]);
    expect(run.stderr).toContain('All required checks passed.');
  });

  test('fails with exit 3 and names the fix when the root was never initialised', async ({ tmp }) => {
    const run = await runProofsheet(['doctor', '--root', tmp.path, '--json']);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'data_dir')?.detail).toContain('run "proofsheet init"');
    expect(report.checks.find((c) => c.name === 'database')?.ok).toBe(false);
  });

  test('reports a corrupt database file', async ({ tmp }) => {
    await runProofsheet(['init', '--root', tmp.path]);
    fs.writeFileSync(tmp.join('data/proofsheet.db'), 'this is not a database, just text '.repeat(200));
    const run = await runProofsheet(['doctor', '--root', tmp.path, '--json']);
    expect(run.code).toBe(3);
    const database = (JSON.parse(run.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string }> }).checks.find((c) => c.name === 'database');
    expect(database?.ok).toBe(false);
    expect(database?.detail).toMatch(/not a database|not usable/);
  });
});

describe('configuration errors', () => {
  test('a config file with three mistakes reports all three with dotted paths and exits 2', async ({ tmp }) => {
    tmp.write('proofsheet.config.json', JSON.stringify({ caption: { modle: 'llava', maxAttempts: 0 }, review: { port: 'eighty' } }));
    const run = await runProofsheet(['doctor', '--root', tmp.path]);
    expect(run.code).toBe(2);
    expect(normalise(run.stdout, tmp.path)).toMatchInlineSnapshot(`
      "FAIL  config       invalid configuration (3 problems):
        caption.maxAttempts: Too small: expected number to be >=1 (from config file)
        caption.modle: unknown key (did you mean "model"?) (from config file)
        review.port: Invalid input: expected number, received string (from config file)
      Some required checks failed.
      "
    `);
  });

  test('every command refuses an invalid config with exit 2 and a JSON error under --json', async ({ tmp }) => {
    tmp.write('proofsheet.config.json', '{"paths": {"data": ""}}');
    const run = await runProofsheet(['config', '--root', tmp.path, '--json'], { env: { PROOFSHEET_CONCURRENCY__STAGE: '0' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error [CONFIG_INVALID]: invalid configuration (2 problems)');
    const body = JSON.parse(run.stdout) as { error: { code: string; details: { issues: Array<{ path: string; source: string }> } } };
    expect(body.error.code).toBe('CONFIG_INVALID');
    expect(body.error.details.issues.map((i) => `${i.path}<${i.source}`)).toEqual(['paths.data<file', 'concurrency.stage<env']);
  });

  test('a missing --config file is an error, not a silent fallback to defaults', async ({ tmp }) => {
    const run = await runProofsheet(['config', '--config', tmp.join('nope.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error [CONFIG_NOT_FOUND]');
  });
});

describe('proofsheet config', () => {
  test('prints the resolved config with secrets redacted', async ({ tmp }) => {
    const run = await runProofsheet(['config', '--root', tmp.path, '--json'], {
      env: {
        PROOFSHEET_LOGGING__DATABASE__KIND: 'mysql',
        PROOFSHEET_LOGGING__DATABASE__URL: 'mysql://logger:Sup3rSecret@127.0.0.1/logs',
        PROOFSHEET_MYSQL_PASSWORD: 'An0therSecret',
        PROOFSHEET_CAPTION__MODEL: 'qwen2.5vl:3b',
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/Sup3rSecret|An0therSecret/);
    const body = JSON.parse(run.stdout) as { config: { caption: { model: string }; logging: { database: { url: string } } }; secrets: Record<string, string> };
    expect(body.config.caption.model).toBe('qwen2.5vl:3b');
    expect(body.config.logging.database.url).toBe('mysql://logger:***@127.0.0.1/logs');
    expect(body.secrets).toEqual({ ftpPassword: 'not set', mysqlPassword: 'set' });
  });
});

describe('usage errors', () => {
  test('an unknown command prints usage and exits 2', async () => {
    const run = await runProofsheet(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error [USAGE]: unknown command "frobnicate"');
    expect(run.stderr).toContain('Usage: proofsheet <command> [options]');
  });

  test('a bad flag prints the command usage and exits 2', async () => {
    const run = await runProofsheet(['doctor', '--frob']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--frob'");
    expect(run.stderr).toContain('Usage: proofsheet doctor');
  });

  test('a stray argument and a missing command are usage errors', async () => {
    expect((await runProofsheet(['init', 'extra'])).code).toBe(2);
    expect((await runProofsheet([])).code).toBe(2);
  });

  test('--help lists the commands and exits 0', async () => {
    const run = await runProofsheet(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/proofsheet init[\s\S]*proofsheet config[\s\S]*proofsheet doctor/);
  });
});
