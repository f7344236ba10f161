import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it lived at `file` and returns "ruleId: message" lines. */
async function lintAs(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture lint policy', () => {
  it('refuses a package importing an app', async () => {
    const messages = await lintAs('packages/log/src/bad.ts', "import { runCli } from '@proofsheet/orchestrator';\nexport const x = runCli;\n");
    expect(messages).toEqual([expect.stringContaining("'@proofsheet/orchestrator' import is restricted")]);
  });

  it('refuses a package importing a workspace outside its layer', async () => {
    const messages = await lintAs('packages/stages/src/bad.ts', "import { openDatabase } from '@proofsheet/queue';\nexport const x = openDatabase;\n");
    expect(messages.join('\n')).toContain('packages/stages may import only: core, log');
  });

  it('allows the layers SPEC §1 lists', async () => {
    expect(await lintAs('packages/queue/src/ok.ts', "import { ProofsheetError } from '@proofsheet/core';\nexport const x = ProofsheetError;\n")).toEqual([]);
  });

  it.each([
    ['sharp', 'packages/stages/src/caption/other.ts'],
    ['better-sqlite3', 'packages/queue/src/sql/other.ts'],
    ['basic-ftp', 'packages/publisher/src/other.ts'],
    ['mysql2', 'packages/publisher/src/other.ts'],
    ['ollama', 'packages/stages/src/other.ts'],
    ['onnxruntime-node', 'packages/stages/src/other.ts'],
  ])('refuses a second module importing %s', async (library, file) => {
    const messages = await lintAs(file, `import lib from '${library}';\nexport const x = lib;\n`);
    expect(messages.join('\n')).toContain(`${library} has exactly one owning module`);
  });

  it('lets the owning module import its library, and others import its types only', async () => {
    expect(await lintAs('packages/queue/src/db/sqlite.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toEqual([]);
    expect(await lintAs('packages/queue/src/sql/typed.ts', "import type Database from 'better-sqlite3';\nexport type X = Database.Database;\n")).toEqual([]);
  });

  it('does not mistake a relative folder named like a library for it, and lets testkit use any library', async () => {
    expect(await lintAs('packages/stages/src/caption/index.ts', "export { x } from './ollama/x.js';\n")).toEqual([]);
    expect(await lintAs('packages/testkit/src/images.ts', "import sharp from 'sharp';\nexport const x = sharp;\n")).toEqual([]);
  });

  it('refuses process.env, process.exit and console inside packages', async () => {
    const messages = await lintAs('packages/ingest/src/bad.ts', 'export const v = process.env.HOME;\nconsole.log(v);\nprocess.exit(1);\n');
    expect(messages).toHaveLength(3);
    expect(messages.join('\n')).toMatch(/no-restricted-properties.*environment[\s\S]*no-console[\s\S]*no-restricted-properties.*exit codes/);
  });

  it('keeps the review page to the API: types only from the server, fetch only in the API client, user text never as HTML', async () => {
    const file = 'apps/review/client/src/features/queue/bad.tsx';
    expect((await lintAs(file, "import { ErrorReply } from '@proofsheet/review/api-types';\nexport const x = ErrorReply;\n")).join('\n')).toContain('import type');
    expect((await lintAs(file, "import { openDatabase } from '@proofsheet/queue';\nexport const x = openDatabase;\n")).join('\n')).toContain('only the API types');
    expect((await lintAs(file, "import fs from 'node:fs';\nexport const x = fs;\n")).join('\n')).toContain('runs in the browser');
    expect((await lintAs(file, "export const load = () => fetch('/api/rows');\n")).join('\n')).toContain('api-client');
    expect((await lintAs(file, 'export const C = ({ t }: { t: string }) => <p dangerouslySetInnerHTML={{ __html: t }} />;\n')).join('\n')).toContain('only as text');
    expect((await lintAs(file, 'export const set = (e: HTMLElement, t: string) => { e.innerHTML = t; };\n')).join('\n')).toContain('only as text');
    expect(await lintAs(file, "import type { RowDetail } from '@proofsheet/review/api-types';\nexport type X = RowDetail;\n")).toEqual([]);
  });

  it('refuses process.env in the orchestrator outside src/config', async () => {
    expect(await lintAs('apps/orchestrator/src/commands/bad.ts', 'export const v = process.env.HOME;\n')).toHaveLength(1);
    expect(await lintAs('apps/orchestrator/src/config/ok.ts', 'export const v = process.env.HOME;\n')).toEqual([]);
  });

  it('detects an import cycle', async () => {
    const checker = new ESLint({ cwd: root, ignore: false });
    const results = await checker.lintFiles(['tooling/lint-fixtures/cycle/a.ts']);
    expect(results[0]?.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });
});
