import { open, type FileHandle } from 'node:fs/promises';

/**
 * Whether a JPEG's compressed data reaches its end-of-image marker. A header-only read (sharp's
 * metadata) accepts a JPEG cut off in the middle of its scan; this check catches it at ingest so
 * the file becomes an `IMAGE_CORRUPT` row instead of failing later in derivatives.
 *
 * `complete`: an EOI marker (FF D9) follows the first start-of-scan; `truncated`: none does;
 * `unknown`: the segment chain could not be followed (the file is then not refused on this basis).
 * Data after EOI (maker trailers, MPF images) is allowed.
 */
export type JpegEnd = 'complete' | 'truncated' | 'unknown';

const WINDOW = 64 * 1024;
const MAX_SEGMENTS = 512;

/** Checks the end of the JPEG at `file` (see {@link JpegEnd}). Reads headers, then scans backwards from the end. */
export async function checkJpegEnd(file: string): Promise<JpegEnd> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const scanStart = await findFirstScan(handle, size);
    if (scanStart === null) return 'unknown';
    return (await hasMarkerAfter(handle, size, scanStart, 0xd9)) ? 'complete' : 'truncated';
  } finally {
    await handle.close();
  }
}

/** Offset of the first SOS marker (FF DA), following segment lengths from SOI; null when the chain breaks. */
async function findFirstScan(handle: FileHandle, size: number): Promise<number | null> {
  const head = new Uint8Array(4);
  let pos = 2;
  for (let i = 0; i < MAX_SEGMENTS && pos + 4 <= size; i += 1) {
    await handle.read(head, 0, 4, pos);
    if (head[0] !== 0xff) return null;
    const marker = head[1] as number;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xda) return pos;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    pos += 2 + (((head[2] as number) << 8) | (head[3] as number));
  }
  return null;
}

/** Whether the two bytes `FF <marker>` occur anywhere after `from`, scanning windows from the end of the file. */
async function hasMarkerAfter(handle: FileHandle, size: number, from: number, marker: number): Promise<boolean> {
  const buffer = new Uint8Array(WINDOW + 1);
  let end = size;
  while (end > from + 2) {
    const start = Math.max(from + 2, end - WINDOW);
    const length = Math.min(end + 1, size) - start;
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    for (let i = bytesRead - 2; i >= 0; i -= 1) {
      if (buffer[i] === 0xff && buffer[i + 1] === marker) return true;
    }
    end = start;
  }
  return false;
}
