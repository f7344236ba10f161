import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ProofsheetError, isErrorCode, toProofsheetError, type ErrorCode } from './errors.js';

describe('ProofsheetError', () => {
  it('carries code, retryability, kind, details and cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new ProofsheetError('OLLAMA_UNREACHABLE', 'Ollama at http://h:11434 is not answering', { cause, details: { host: 'http://h:11434' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.cause).toBe(cause);
    expect(error.retryable).toBe(true);
    expect(error.kind).toBe('operational');
    expect(error.toJSON()).toEqual({ code: 'OLLAMA_UNREACHABLE', message: 'Ollama at http://h:11434 is not answering', retryable: true, details: { host: 'http://h:11434' } });
  });

  it('classifies every code into one of the four kinds', () => {
    const kinds = new Set(Object.values(ERROR_CODES).map((info) => info.kind));
    expect([...kinds].sort()).toEqual(['internal', 'operational', 'row', 'usage']);
    expect(new ProofsheetError('CONFIG_INVALID', 'x').kind).toBe('usage');
    expect(new ProofsheetError('IMAGE_CORRUPT', 'x').kind).toBe('row');
    expect(new ProofsheetError('INTERNAL', 'x').kind).toBe('internal');
  });

  it('wraps foreign throws as INTERNAL and passes its own errors through', () => {
    const own = new ProofsheetError('DB_BUSY', 'locked');
    expect(toProofsheetError(own)).toBe(own);
    const wrapped = toProofsheetError(new TypeError('boom'));
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe('boom');
    expect(wrapped.cause).toBeInstanceOf(TypeError);
    expect(toProofsheetError('a string').message).toBe('a string');
  });

  it('recognises codes', () => {
    const code: ErrorCode = 'FILE_EMPTY';
    expect(isErrorCode(code)).toBe(true);
    expect(isErrorCode('NOT_A_CODE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});
