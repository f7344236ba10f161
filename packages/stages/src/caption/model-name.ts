/** Canonical model name as Ollama looks it up: `name:tag` (tag defaults to `latest`), case-insensitive. */
export function toCanonicalModel(name: string): string {
  const trimmed = name.trim().toLowerCase();
  return /:[^/]+$/.test(trimmed) ? trimmed : `${trimmed}:latest`;
}
