import { readSinkHealth, type SinkHealth } from '@proofsheet/log';
import { toLogRecordStore } from '../logging/open-logging.js';
import type { DoctorCheck } from './check.js';

/**
 * `log_sinks`: probes the database log sink when one is configured (self-test: write and read
 * back a test event) and reports the sink health recorded by the last process that logged
 * (`logs/sink_health.json`). Fails when the probe fails or a recorded sink is down.
 */
export const logSinksCheck: DoctorCheck = {
  name: 'log_sinks',
  required: false,
  async run({ config, paths }) {
    const parts: string[] = [];
    let ok = true;
    const database = config.logging.database;
    if (database) {
      const store = await toLogRecordStore(database, paths.root);
      try {
        await store.selfTest();
        parts.push(`database ${store.target}: self-test passed`);
      } catch (error) {
        ok = false;
        parts.push(`database ${store.target}${database.required ? ' (required)' : ''}: self-test failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await store.close();
      }
    }
    const recorded = readSinkHealth(paths.logs);
    const down = recorded.filter((sink) => !sink.alive);
    if (down.length > 0) ok = false;
    parts.push(recorded.length === 0 ? 'no sink health recorded yet' : `recorded: ${recorded.map(toSinkSummary).join(', ')}`);
    return { ok, detail: parts.join('; ') };
  },
};

function toSinkSummary(sink: SinkHealth): string {
  const state = sink.alive ? 'alive' : `DOWN (${sink.errors} errors${sink.last_error ? `: ${sink.last_error}` : ''})`;
  return `${sink.name} ${state}`;
}
