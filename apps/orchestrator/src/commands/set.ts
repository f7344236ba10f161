import path from 'node:path';
import { ProofsheetError } from '@proofsheet/core';
import { formatSetIssues, PREVIEW_CAMERA, validateSet } from '@proofsheet/ingest';
import { createSet, listSets, removeSet, type SetRecord } from '@proofsheet/queue';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { parsePositiveInt, withQueueDatabase } from './_queue-db.js';

const SYNOPSIS = 'proofsheet set add <folder> --subject S --location L --category C | set list | set remove <id>';

/**
 * `proofsheet set add|list|remove`: manages sets (SPEC §2, §13). `add` runs the stage-1 checks
 * first and writes nothing when any fails (every problem is listed); `--json` prints
 * `{"set_id", "files"}`; `list --json` prints `[{"id", "folder", "subject", "location", "category", "status", "files"}]`.
 */
export const setCommand: CommandSpec = {
  name: 'set',
  summary: 'add a set (folder + subject, location, category), list sets, or remove a set without rows',
  synopsis: SYNOPSIS,
  options: { subject: { type: 'string' }, location: { type: 'string' }, category: { type: 'string' } },
  maxPositionals: 2,
  async run(ctx) {
    const [action, argument] = ctx.positionals;
    if (action === 'add' && argument !== undefined) return addSet(ctx, argument);
    if (action === 'list' && argument === undefined) return printSets(ctx);
    if (action === 'remove' && argument !== undefined) return deleteSet(ctx, parsePositiveInt(argument, 'set id', 'set'));
    throw new ProofsheetError('USAGE', action === undefined ? 'set needs a subcommand: add, list or remove' : `cannot parse "set ${ctx.positionals.join(' ')}"`, { details: { command: 'set' } });
  },
};

async function addSet(ctx: CommandContext, folderArgument: string): Promise<ExitCode> {
  const folder = path.resolve(ctx.cwd, folderArgument);
  const fields = { subject: readOption(ctx, 'subject'), location: readOption(ctx, 'location'), category: readOption(ctx, 'category') };
  const { config } = ctx.loadConfig();
  const validation = await validateSet({ folder, ...fields }, config.naming, new Date().getFullYear());
  if (validation.issues.length > 0) {
    throw new ProofsheetError('SET_INVALID', `the set was not added:\n${formatSetIssues(validation.issues)}`, { details: { issues: validation.issues } });
  }
  const set = await withQueueDatabase(ctx, (db) => createSet(db, { folder, ...fields, fileCount: validation.imageCount }));
  const others = validation.listing.files.length - validation.imageCount;
  ctx.say(`Added set ${set.id}: ${folder} (${set.file_count} image${set.file_count === 1 ? '' : 's'}${others > 0 ? `, ${others} other file(s) will become Error rows` : ''})`);
  // The length check assumes a long camera name; the real one comes from each photo's EXIF.
  const preview = (validation.previewName ?? '').replace(PREVIEW_CAMERA, '<camera>');
  ctx.say(`Preview name: ${preview} (<camera>: each photo's EXIF make and model)`);
  ctx.emit({ set_id: set.id, files: set.file_count });
  return EXIT.ok;
}

async function printSets(ctx: CommandContext): Promise<ExitCode> {
  const sets = await withQueueDatabase(ctx, (db) => listSets(db));
  for (const set of sets) ctx.say(`${String(set.id).padStart(4)}  ${set.status.padEnd(9)} ${String(set.file_count).padStart(5)} file(s)  ${set.subject} | ${set.location} | ${set.category}  ${set.folder}`);
  ctx.say(`${sets.length} set${sets.length === 1 ? '' : 's'}`);
  ctx.emit(sets.map(toSetJson));
  return EXIT.ok;
}

async function deleteSet(ctx: CommandContext, id: number): Promise<ExitCode> {
  const set = await withQueueDatabase(ctx, (db) => removeSet(db, id));
  ctx.say(`Removed set ${set.id}: ${set.folder}`);
  ctx.emit({ removed: set.id });
  return EXIT.ok;
}

function readOption(ctx: CommandContext, name: 'subject' | 'location' | 'category'): string {
  const value = ctx.options[name];
  if (typeof value !== 'string') throw new ProofsheetError('USAGE', `set add needs --${name}`, { details: { command: 'set' } });
  return value.trim();
}

/** `set list --json` entry (SPEC §13). */
function toSetJson(set: SetRecord): Record<string, unknown> {
  return { id: set.id, folder: set.folder, subject: set.subject, location: set.location, category: set.category, status: set.status, files: set.file_count };
}
