import fs from 'node:fs';
import path from 'node:path';
import { ProofsheetError, toConfigJsonSchema, toProjectPaths } from '@proofsheet/core';
import { migrateDatabase, openDatabase } from '@proofsheet/queue';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { SCHEMA_FILE_NAME, locateConfigFile } from '../config/load-config.js';

type Step = { readonly path: string; readonly action: 'created' | 'updated' | 'unchanged' };

/** The config file `init` writes: only the schema reference, so every default stays in code. */
export const INITIAL_CONFIG = `${JSON.stringify({ $schema: `./${SCHEMA_FILE_NAME}` }, null, 2)}\n`;

/**
 * `proofsheet init`: creates the config file (if absent), the JSON Schema beside it, `data/`,
 * `logs/` and the database (migrated to the latest schema). Idempotent: a second run changes nothing.
 */
export const initCommand: CommandSpec = {
  name: 'init',
  summary: 'create config (if absent), data/, logs/ and the database; safe to run again',
  synopsis: 'proofsheet init',
  async run(ctx) {
    const steps: Step[] = [];
    ensureDirectory(ctx.root, steps);
    const configFile = locateConfigFile(ctx.root, ctx.cwd, ctx.env, ctx.configPath).path;
    writeIfChanged(configFile, INITIAL_CONFIG, steps, { onlyIfAbsent: true });
    writeIfChanged(path.join(path.dirname(configFile), SCHEMA_FILE_NAME), `${JSON.stringify(toConfigJsonSchema(), null, 2)}\n`, steps);
    const { config } = ctx.loadConfig();
    const paths = toProjectPaths(ctx.root, config.paths);
    ensureDirectory(paths.data, steps);
    ensureDirectory(paths.logs, steps);
    const existed = fs.existsSync(paths.database);
    const migrated = migrateQueueDatabase(paths.database);
    steps.push({ path: paths.database, action: !existed ? 'created' : migrated ? 'updated' : 'unchanged' });

    for (const step of steps) ctx.say(`${step.action.padEnd(9)} ${path.relative(ctx.root, step.path) || '.'}`);
    ctx.say(`Project ready at ${ctx.root}. Next: proofsheet doctor${ctx.root === ctx.cwd ? '' : ` --root ${ctx.root}`}`);
    ctx.emit({ root: ctx.root, config: configFile, steps });
    return EXIT.ok;
  },
};

/** Opens the database (creating it) and applies pending migrations; whether any were applied. */
function migrateQueueDatabase(file: string): boolean {
  const db = openDatabase(file);
  try {
    return migrateDatabase(db).length > 0;
  } finally {
    db.close();
  }
}

function ensureDirectory(dir: string, steps: Step[]): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new ProofsheetError('PATH_NOT_WRITABLE', `${dir} exists and is not a directory`);
    steps.push({ path: dir, action: 'unchanged' });
    return;
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ProofsheetError('PATH_NOT_WRITABLE', `cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  steps.push({ path: dir, action: 'created' });
}

function writeIfChanged(file: string, content: string, steps: Step[], options: { onlyIfAbsent?: boolean } = {}): void {
  let current: string | null = null;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    current = null;
  }
  if (current !== null && (options.onlyIfAbsent || current === content)) {
    steps.push({ path: file, action: 'unchanged' });
    return;
  }
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    throw new ProofsheetError('PATH_NOT_WRITABLE', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  steps.push({ path: file, action: current === null ? 'created' : 'updated' });
}
