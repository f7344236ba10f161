import { describe, expect, it } from 'vitest';
import { STAGES, STAGE_NAMES, toQcStatus, toStageHeader } from './domain.js';

describe('quality bands', () => {
  it.each([
    [9.1, 'Top'],
    [7.5, 'Top'],
    [7.49, 'Good'],
    [6.5, 'Good'],
    [5.5, 'Average'],
    [4.5, 'Low'],
    [4.49, 'Very Low'],
    [0, 'Very Low'],
    [null, 'NA'],
    [Number.NaN, 'NA'],
  ] as const)('QR %s → %s', (qr, status) => {
    expect(toQcStatus(qr)).toBe(status);
  });
});

describe('stage catalog', () => {
  it('numbers the stages 1–8 in order and names them in headers', () => {
    expect(STAGE_NAMES.map((name) => STAGES[name].number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(toStageHeader('quality')).toBe('[STAGE 5/8] Quality scoring');
    expect(toStageHeader('validate')).toBe('[STAGE 1/8] Validate sets');
  });
});
