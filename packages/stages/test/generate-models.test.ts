import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { QUALITY_MODEL_PATHS } from '../src/index.js';
import { buildModels } from '../scripts/generate-models.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('regenerating the ONNX models gives the committed bytes', () => {
  const first = buildModels();
  const second = buildModels();
  expect([...first.keys()].sort()).toEqual(['quality-finish.onnx', 'quality-strip.onnx']);
  for (const [name, bytes] of first) {
    expect(sha(second.get(name) ?? new Uint8Array()), name).toBe(sha(bytes));
  }
  expect(sha(first.get('quality-strip.onnx') ?? new Uint8Array())).toBe(sha(readFileSync(QUALITY_MODEL_PATHS.strip)));
  expect(sha(first.get('quality-finish.onnx') ?? new Uint8Array())).toBe(sha(readFileSync(QUALITY_MODEL_PATHS.finish)));
});
