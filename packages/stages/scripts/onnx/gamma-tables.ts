/**
 * The AGGD shape grid of OpenCV's BRISQUE and the Γ-function tables looked up in the graph
 * (ONNX has no gamma function). See reference/brisque.md §2.6.
 *
 * The Γ tables are committed data (`gamma-tables.f64`), not recomputed on every generation: Γ uses
 * Math.pow, Math.exp and Math.sin, whose last bits differ between JavaScript engines (Node 20 and
 * Node 24 give different tables), and the models must regenerate to the same bytes on every
 * supported Node. `computeGammaTables` is how the file was made (`generate-models.ts
 * --refresh-gamma-tables` rewrites it; the committed models then change too).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed tables: ρ, Γ(2/g)/Γ(1/g) and √Γ(1/g)/√Γ(3/g), each 9801 little-endian float64s. */
export const GAMMA_TABLES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gamma-tables.f64');

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Γ(x) for x > 0 (Lanczos approximation, ~1e-15 relative error; reflection below 0.5). */
export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let sum = LANCZOS[0] ?? 0;
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * sum;
}

/** The tables the graph gathers from, indexed by grid position. */
export interface GammaTables {
  /** Grid values g_k (accumulated in double: 0.2, +0.001 … while < 10), 9801 entries. */
  readonly grid: Float64Array;
  /** ρ(g) = Γ(2/g)² / (Γ(1/g)·Γ(3/g)). */
  readonly rho: Float64Array;
  /** Γ(2/g) / Γ(1/g). */
  readonly ratio21: Float64Array;
  /** √Γ(1/g) / √Γ(3/g). */
  readonly ratio13: Float64Array;
}

/** The grid exactly as OpenCV walks it (repeated double additions: the same on every engine). */
function buildGrid(): Float64Array {
  const grid: number[] = [];
  for (let g = 0.2; g < 10; g += 0.001) grid.push(g);
  return Float64Array.from(grid);
}

/** Computes the tables from {@link gamma} (engine-dependent in the last bits: see the file comment). */
export function computeGammaTables(): GammaTables {
  const grid = buildGrid();
  const rho = Float64Array.from(grid, (g) => (gamma(2 / g) * gamma(2 / g)) / (gamma(1 / g) * gamma(3 / g)));
  const ratio21 = Float64Array.from(grid, (g) => gamma(2 / g) / gamma(1 / g));
  const ratio13 = Float64Array.from(grid, (g) => Math.sqrt(gamma(1 / g)) / Math.sqrt(gamma(3 / g)));
  return { grid, rho, ratio21, ratio13 };
}

/** Writes the tables to {@link GAMMA_TABLES_FILE}. */
export function writeGammaTables(tables: GammaTables): void {
  const bytes = new Uint8Array(tables.rho.length * 3 * 8);
  const view = new DataView(bytes.buffer);
  [tables.rho, tables.ratio21, tables.ratio13].forEach((table, t) => table.forEach((value, i) => view.setFloat64((t * table.length + i) * 8, value, true)));
  fs.writeFileSync(GAMMA_TABLES_FILE, bytes);
}

/** The grid and the committed tables the graph gathers from. */
export function buildGammaTables(): GammaTables {
  const grid = buildGrid();
  const bytes = fs.readFileSync(GAMMA_TABLES_FILE);
  const n = grid.length;
  if (bytes.length !== n * 3 * 8) throw new Error(`${GAMMA_TABLES_FILE} holds ${bytes.length} bytes, expected ${n * 3 * 8} (3 tables of ${n} doubles)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const table = (t: number) => Float64Array.from({ length: n }, (_, i) => view.getFloat64((t * n + i) * 8, true));
  return { grid, rho: table(0), ratio21: table(1), ratio13: table(2) };
}
