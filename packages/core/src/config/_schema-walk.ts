import type { z } from 'zod';

/** The kind of value a config leaf takes, for coercing environment strings. */
export type LeafKind = 'string' | 'number' | 'boolean' | 'json';

export type KeyLookup =
  | { readonly found: true; readonly path: readonly string[]; readonly kind: LeafKind; readonly nullable: boolean }
  | { readonly found: false; readonly path: readonly string[]; readonly missing: string; readonly known: readonly string[] };

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

const WRAPPERS = new Set(['default', 'prefault', 'nullable', 'optional', 'readonly']);

function unwrap(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let current = schema;
  let nullable = false;
  for (let def = defOf(current); WRAPPERS.has(def.type) && def.innerType; def = defOf(current)) {
    if (def.type === 'nullable') nullable = true;
    current = def.innerType;
  }
  return { inner: current, nullable };
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  const def = defOf(schema);
  return def.type === 'object' && def.shape ? def.shape : null;
}

function normaliseKey(key: string): string {
  return key.replace(/_/g, '').toLowerCase();
}

function toLeafKind(schema: z.ZodType): LeafKind {
  const type = defOf(schema).type;
  if (type === 'number' || type === 'int') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'string' || type === 'enum' || type === 'literal' || type === 'url') return 'string';
  return 'json';
}

/**
 * Finds the config key that `segments` names, matching each level case-insensitively and ignoring
 * underscores (`CAPTION`, `FALLBACK_MODEL` → `caption.fallbackModel`).
 */
export function lookupKey(schema: z.ZodType, segments: readonly string[]): KeyLookup {
  const path: string[] = [];
  let current = unwrap(schema);
  for (const segment of segments) {
    const shape = shapeOf(current.inner);
    const known = shape ? Object.keys(shape).filter((k) => k !== '$schema') : [];
    const match = known.find((k) => normaliseKey(k) === normaliseKey(segment));
    if (!shape || match === undefined) return { found: false, path, missing: segment, known };
    path.push(match);
    current = unwrap(shape[match] as z.ZodType);
  }
  return { found: true, path, kind: toLeafKind(current.inner), nullable: current.nullable };
}

/** The known keys of the object at `path` (for "did you mean" hints). */
export function knownKeysAt(schema: z.ZodType, path: readonly (string | number)[]): readonly string[] {
  let current = unwrap(schema).inner;
  for (const segment of path) {
    const def = defOf(current);
    if (def.type === 'array') {
      current = unwrap((def as unknown as { element: z.ZodType }).element).inner;
      continue;
    }
    const shape = shapeOf(current);
    const next = shape?.[String(segment)];
    if (!next) return [];
    current = unwrap(next).inner;
  }
  const shape = shapeOf(current);
  return shape ? Object.keys(shape).filter((k) => k !== '$schema') : [];
}
