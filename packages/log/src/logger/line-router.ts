import type pino from 'pino';
import { toHumanLine, type LogRecord } from '../format/human-line.js';
import type { LineSink } from '../sinks/line-sink.js';
import type { DatabaseSink } from '../sinks/database-sink.js';

/** Where a finished record goes: a line sink in one format, optionally only some records. */
export interface LineTarget {
  readonly sink: LineSink;
  readonly format: 'json' | 'human';
  /** Only records for which this returns true (default: all). */
  readonly accepts?: (record: LogRecord) => boolean;
}

/** A pino destination that fans every line out to its targets; it never throws. */
export interface LineRouter extends pino.DestinationStream {
  /** Adds a target (e.g. a stage file opened when its stage starts). */
  addTarget(target: LineTarget): void;
  /** Closes every line sink (the database sink is closed by its owner). */
  close(): void;
}

/**
 * Creates the destination a logger writes to. Each pino line is parsed once, then written as
 * JSON or as a human line to each target, and queued for the database sink when there is one.
 */
export function createLineRouter(targets: readonly LineTarget[], database: DatabaseSink | null): LineRouter {
  const all = [...targets];
  return {
    write(line: string) {
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        record = { time: new Date().toISOString(), level: 'warn', msg: 'unparseable log line', line };
      }
      let human: string | undefined;
      for (const target of all) {
        if (target.accepts && !target.accepts(record)) continue;
        if (target.format === 'json') target.sink.write(line.endsWith('\n') ? line : `${line}\n`);
        else target.sink.write((human ??= toHumanLine(record)));
      }
      database?.enqueue(record);
    },
    addTarget: (target) => void all.push(target),
    close: () => all.forEach((target) => target.sink.close()),
  };
}
