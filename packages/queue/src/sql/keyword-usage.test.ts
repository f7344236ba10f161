import { expect } from 'vitest';
import { test, seedRow } from '../../test/helpers.js';
import { listKeywordUses } from './keyword-usage.js';
import { updateRowFields } from './update-row.js';

const operator = { kind: 'operator' as const, name: 'test' };

test('keywords in use: most used first, case-insensitive prefix (also beyond ASCII), one count per row, rejected rows left out', ({ db }) => {
  const keywords = ['Mountains, ridge, snow, Ávila', 'mountains, Valley, Ávila', 'mountains, meadow, ridge, ridge', 'ÁVILA, 50%_off', 'mountains, moor'];
  const ids = keywords.map((k) => {
    const row = seedRow(db, 'Pending');
    updateRowFields(db, row.id, { Keywords: k }, operator);
    return row.id;
  });
  db.prepare("UPDATE review_queue SET Review_Status = 'Rejected' WHERE id = ?").run(ids[4]);
  expect(listKeywordUses(db, { prefix: 'm', limit: 20 })).toEqual([
    { keyword: 'mountains', uses: 3 },
    { keyword: 'meadow', uses: 1 },
  ]);
  expect(listKeywordUses(db, { prefix: 'RI', limit: 20 })).toEqual([{ keyword: 'ridge', uses: 2 }]);
  expect(listKeywordUses(db, { prefix: 'áv', limit: 20 })).toEqual([{ keyword: 'Ávila', uses: 3 }]);
  expect(listKeywordUses(db, { prefix: '50%', limit: 20 })).toEqual([{ keyword: '50%_off', uses: 1 }]);
  expect(listKeywordUses(db, { prefix: '5_', limit: 20 })).toEqual([]);
  // Ties in use go by keyword.
  expect(listKeywordUses(db, { limit: 3 })).toEqual([{ keyword: 'Ávila', uses: 3 }, { keyword: 'mountains', uses: 3 }, { keyword: 'ridge', uses: 2 }]);
});
