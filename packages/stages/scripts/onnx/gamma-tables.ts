/**
 * The AGGD shape grid of OpenCV's BRISQUE and the Γ-function tables looked up in the graph
 * (ONNX has no gamma function). See reference/brisque.md §2.6.
 */

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

/** Builds the 9801-point grid and its tables exactly as OpenCV walks it. */
export function buildGammaTables(): GammaTables {
  const grid: number[] = [];
  for (let g = 0.2; g < 10; g += 0.001) grid.push(g);
  const rho = grid.map((g) => (gamma(2 / g) * gamma(2 / g)) / (gamma(1 / g) * gamma(3 / g)));
  const ratio21 = grid.map((g) => gamma(2 / g) / gamma(1 / g));
  const ratio13 = grid.map((g) => Math.sqrt(gamma(1 / g)) / Math.sqrt(gamma(3 / g)));
  return {
    grid: Float64Array.from(grid),
    rho: Float64Array.from(rho),
    ratio21: Float64Array.from(ratio21),
    ratio13: Float64Array.from(ratio13),
  };
}
