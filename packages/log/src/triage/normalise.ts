import type { StackFrame } from './stack-trace.js';

/**
 * Masks what varies between two occurrences of the same failure — timestamps, ids, hashes,
 * paths, hosts and numbers — so that 10,000 rows failing the same way share one key.
 */
export function normaliseMessage(message: string): string {
  return message
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?/g, '<time>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b(?:run|publish)_\d{8}_\d{6}_\w+/g, '<run>')
    .replace(/\b[0-9a-f]{16,}\b/gi, '<hash>')
    .replace(/\b(?:https?|ftp|mysql):\/\/[^\s'",)]+/g, '<url>')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<host>')
    .replace(/(?:[A-Za-z]:)?(?:\/[^\s'",:)]+)+/g, '<path>')
    .replace(/\b[\w-]+\.(?:jpe?g|png|tiff?|webp|heic|JPE?G|PNG)\b/g, '<file>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<n>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A frame's stable part: module (file name without folders or line) and function; line numbers change between releases. */
function toFrameKey(frame: StackFrame): string {
  const module = (frame.file ?? '?').replace(/^.*[\\/]/, '').replace(/:\d+(?::\d+)?$/, '');
  return `${module}:${frame.function ?? '?'}`;
}

/** The frames that identify a stack (our own code first: dependency and runtime frames vary less usefully). */
export function toStackKey(frames: readonly StackFrame[]): string | null {
  const own = frames.filter((f) => f.file !== null && !/node_modules|^node:|<anonymous>|site-packages|\/lib\/python/.test(f.file));
  const chosen = (own.length > 0 ? own : frames).slice(0, 5);
  return chosen.length === 0 ? null : chosen.map(toFrameKey).join(' > ');
}
