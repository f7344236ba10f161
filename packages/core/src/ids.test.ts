import { describe, expect, it } from 'vitest';
import { createFixedClock } from './clock.js';
import { createRunId, isRunId, parseRunId } from './ids.js';

describe('run ids', () => {
  const clock = createFixedClock(new Date(2026, 10, 22, 9, 5, 7));

  it('formats run_YYYYMMDD_HHMMSS_<trigger> in local time', () => {
    expect(createRunId('cli', clock)).toBe('run_20261122_090507_cli');
    expect(createRunId('resume', clock)).toBe('run_20261122_090507_resume');
  });

  it('adds a suffix when two runs start in the same second', () => {
    const taken = new Set(['run_20261122_090507_ui', 'run_20261122_090507_ui_2']);
    expect(createRunId('ui', clock, (id) => taken.has(id))).toBe('run_20261122_090507_ui_3');
  });

  it('parses its own ids and rejects anything else', () => {
    expect(parseRunId('run_20261122_090507_retry_2')).toEqual({ date: '20261122', time: '090507', trigger: 'retry', suffix: 2 });
    expect(parseRunId('run_20261122_090507_cli')?.suffix).toBeNull();
    for (const bad of ['run_2026_090507_cli', 'run_20261122_090507_cron', '../run_20261122_090507_cli', '']) {
      expect(isRunId(bad)).toBe(false);
    }
  });
});
