import { describe, expect, it } from 'vitest';
import { createMemoryIo } from '../src/cli/io.js';
import { toQuickAnswer } from '../src/cli/quick-answer.js';
import { runCli } from '../src/cli/run-cli.js';
import { COMMAND_CATALOG } from '../src/commands/registry.js';

describe('the command catalog', () => {
  it('names each command as its module does (summary and synopsis are not allowed to drift)', async () => {
    for (const entry of COMMAND_CATALOG) {
      const spec = await entry.load();
      expect({ name: spec.name, summary: spec.summary, synopsis: spec.synopsis }).toEqual({ name: entry.name, summary: entry.summary, synopsis: entry.synopsis });
    }
    expect(new Set(COMMAND_CATALOG.map((e) => e.name)).size).toBe(COMMAND_CATALOG.length);
  });

  it('the quick answers (given before the CLI loads) are exactly what runCli prints', async () => {
    for (const argv of [['--help'], ['help'], ['-h'], ['--version'], ['run', '--help'], ['status', '-h']]) {
      const io = createMemoryIo();
      expect(await runCli({ argv, env: {}, cwd: process.cwd(), io })).toBe(0);
      expect(toQuickAnswer(argv), argv.join(' ')).toBe(io.stdout.join('\n'));
    }
    expect(toQuickAnswer(['status'])).toBeNull();
    expect(toQuickAnswer(['nosuch', '--help'])).toBeNull();
  });
});
