import { expect } from 'vitest';
import { test } from '../../test/helpers.js';
import { countCatalogEntries, getCatalogEntry, upsertCatalogEntries } from './catalog-mirror.js';
import { reserveFilenames } from './filename-reservations.js';
import { findDuplicateByHash } from './find-duplicate.js';

test('upsertCatalogEntries inserts and updates by File_Name; allocation and duplicate detection see the mirror', ({ db }) => {
  upsertCatalogEntries(db, [
    { id: 10, File_Name: 'Booking_com_campus_Offices_Amsterdam_Netherlands_Night_Photography_001.JPG', Original_File_Name: 'a.jpg', QR: 7.25 },
    { id: 11, File_Name: 'Booking_com_campus_Offices_Amsterdam_Netherlands_Night_Photography_002.JPG', Original_File_Name: 'b.jpg', content_sha256: 'f'.repeat(64) },
  ]);
  upsertCatalogEntries(db, [{ id: 10, File_Name: 'Booking_com_campus_Offices_Amsterdam_Netherlands_Night_Photography_001.JPG', Original_File_Name: 'a.jpg', Caption: 'Offices at night' }]);
  expect(countCatalogEntries(db)).toBe(2);
  expect(getCatalogEntry(db, 'booking_com_campus_offices_amsterdam_netherlands_night_photography_001.jpg')).toMatchObject({ id: 10, QR: 7.25, Caption: 'Offices at night' });
  expect(reserveFilenames(db, { prefix: 'Booking_com_campus_Offices_Amsterdam_Netherlands_Night_Photography', extension: '.JPG', count: 1 })).toEqual([
    'Booking_com_campus_Offices_Amsterdam_Netherlands_Night_Photography_003.JPG',
  ]);
  expect(findDuplicateByHash(db, 'f'.repeat(64))).toMatchObject({ source: 'catalog', id: 11 });
  expect(() => upsertCatalogEntries(db, [{ id: 12, File_Name: 'x', Original_File_Name: 'y', Subject: 'no such column' } as never])).toThrow('photos_info_revamp has no column "Subject"');
});
