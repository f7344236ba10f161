import { Writable } from 'node:stream';
import sharp from 'sharp';
import { ExifTool } from 'exiftool-vendored';
import { createLogger, type Logger } from '@proofsheet/log';
import { createSet, insertSetRows, transitionRow, updateRowFields, type ReviewRowValues, type SqliteDatabase } from '@proofsheet/queue';
import { renderPublishImages } from '@proofsheet/stages';
import type { TempDir } from '@proofsheet/testkit';
import { createLocalDestination, createMetadataWriter, type MetadataWriter, type RunPublishOptions } from '../src/index.js';

/** A 3000×2000 JPEG stored sideways (orientation 6) with camera EXIF and a GPS position. */
export function makePhoto(colour = '#406080'): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: colour } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R5' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 22/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '4/1 53/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** The reviewed text of the seeded rows (non-ASCII on purpose). */
export const REVIEWED: ReviewRowValues = {
  Caption: 'Ein Graureiher wartet am Ufer der Gracht – früh am Morgen in Ámsterdam.',
  alt_text: 'Grauer Reiher steht regungslos am Wasser vor alten Häusern',
  Keywords: 'Graureiher, Gracht, Morgenlicht, Vogel, Ámsterdam',
};

/**
 * Seeds `count` Approved rows of one set, each with its own original under `tmp/incoming` (distinct
 * colours, so distinct hashes). Returns their ids and names.
 */
export async function seedApprovedRows(db: SqliteDatabase, tmp: TempDir, count: number, values: ReviewRowValues = REVIEWED): Promise<Array<{ id: number; File_Name: string }>> {
  const set = createSet(db, { folder: tmp.join('photos'), subject: 'Grey Heron', location: 'Amsterdam', category: 'Birds & Bees' });
  const files = await Promise.all(Array.from({ length: count }, async (_, i) => tmp.write(`incoming/${i}.jpg`, await makePhoto(`#40${(60 + i * 10).toString(16)}80`))));
  const rows = insertSetRows(db, {
    setId: set.id,
    runId: null,
    rows: files.map((file, i) => ({
      values: { Original_File_Name: `IMG_${i}.JPG`, content_sha256: String(i).repeat(64), incoming_path: file, Camera: 'Canon_EOS_R5', DateTime: '2024:05:01 07:12:00', Folder: 'Birds & Bees', Subject: 'Grey Heron', Location: 'Amsterdam' },
      name: { prefix: 'Grey_Heron_Amsterdam_Birds_Photography', extension: '.JPG' },
    })),
  });
  for (const row of rows) {
    transitionRow(db, row.id, 'Pending', { kind: 'pipeline' });
    updateRowFields(db, row.id, values, { kind: 'operator' });
    transitionRow(db, row.id, 'Approved', { kind: 'operator' });
  }
  return rows;
}

/** A logger writing JSON lines into `lines`. */
export function createMemoryLogger(lines: string[]): Logger {
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  return createLogger({ destination, level: 'info' });
}

/** Publish options for the local destination under `tmp`. */
export function localOptions(db: SqliteDatabase, tmp: TempDir, metadata: MetadataWriter, lines: string[] = []): RunPublishOptions {
  return {
    db,
    destination: createLocalDestination({ siteDir: tmp.join('site'), db }),
    renderImages: renderPublishImages,
    metadata,
    workDir: tmp.join('publish'),
    publicUrlBase: 'https://example.com/images',
    jpegQuality: 90,
    stripGps: true,
    watermark: null,
    copyright: '© Studio Ærø',
    runId: null,
    now: () => new Date('2026-01-02T03:04:05Z'),
    log: createMemoryLogger(lines),
  };
}

export { createMetadataWriter, ExifTool };
