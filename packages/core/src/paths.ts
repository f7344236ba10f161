import path from 'node:path';
import type { ResolvedConfig } from './config/schema.js';

/** Absolute locations of everything Proofsheet keeps on disk under a project root. */
export interface ProjectPaths {
  readonly root: string;
  readonly data: string;
  readonly logs: string;
  /** The SQLite database (`data/proofsheet.db`). */
  readonly database: string;
  /** Staged copies of originals (`data/incoming/<set_id>/`). */
  readonly incoming: string;
  /** Derivatives (`data/derived/<row_id>/`). */
  readonly derived: string;
  /** Per-run log directories (`logs/runs/<run_id>/`). */
  readonly runs: string;
}

/** Resolves the configured paths against `root` (relative paths never depend on the working directory). */
export function toProjectPaths(root: string, paths: ResolvedConfig['paths']): ProjectPaths {
  const absoluteRoot = path.resolve(root);
  const data = path.resolve(absoluteRoot, paths.data);
  const logs = path.resolve(absoluteRoot, paths.logs);
  return {
    root: absoluteRoot,
    data,
    logs,
    database: path.join(data, 'proofsheet.db'),
    incoming: path.join(data, 'incoming'),
    derived: path.join(data, 'derived'),
    runs: path.join(logs, 'runs'),
  };
}
