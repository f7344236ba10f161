/** A partial configuration object from one source (file, environment, flags). */
export type Layer = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges layers left to right: objects merge key by key; arrays and scalars replace. */
export function mergeLayers(...layers: readonly Layer[]): Layer {
  const out: Layer = {};
  for (const layer of layers) mergeInto(out, layer);
  return out;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isPlainObject(value) && isPlainObject(existing)) {
      const copy = { ...existing };
      mergeInto(copy, value);
      target[key] = copy;
    } else {
      target[key] = isPlainObject(value) ? mergeLayers(value) : value;
    }
  }
}

/** Sets `value` at `path`, creating intermediate objects. */
export function setPath(target: Layer, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  path.forEach((key, index) => {
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (!isPlainObject(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
}

/** Whether `layer` holds a value at `path` (so an issue there can name its source). */
export function hasPath(layer: Layer, path: readonly (string | number)[]): boolean {
  let node: unknown = layer;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(String(key) in node)) return false;
    node = (node as Record<string, unknown>)[String(key)];
  }
  return true;
}
