import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { QUALITY_MODEL_PATH } from '../src/index.js';
import { buildModels } from '../scripts/generate-models.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('regenerating the ONNX models gives the committed bytes', () => {
  const first = buildModels();
  const second = buildModels();
  const model = first.get('quality.onnx');
  expect(model).toBeDefined();
  expect(sha(second.get('quality.onnx') ?? new Uint8Array())).toBe(sha(model ?? new Uint8Array()));
  expect(sha(model ?? new Uint8Array())).toBe(sha(readFileSync(QUALITY_MODEL_PATH)));
});
