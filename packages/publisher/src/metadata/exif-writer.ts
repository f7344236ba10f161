/**
 * The only module that imports exiftool-vendored: writes the reviewed text into a JPEG as XMP and
 * IPTC (UTF-8), and removes GPS when asked. exiftool runs as a long-lived perl process: close the
 * writer when done.
 */
import { ExifTool, type WriteTags } from 'exiftool-vendored';
import { ProofsheetError } from '@proofsheet/core';
import type { PublishText } from './publish-text.js';

/** Writes metadata into prepared images. */
export interface MetadataWriter {
  /** Embeds `text` into `file` in place (XMP + IPTC); removes every GPS tag when `stripGps`. */
  write(file: string, text: PublishText, options: { readonly stripGps: boolean }): Promise<void>;
  /** Ends the exiftool process. */
  close(): Promise<void>;
}

const GPS_ARGS = ['-GPS:all=', '-XMP-exif:GPS*=', '-XMP:GPS*='];

/** The tags written for `text`: XMP (dc, photoshop, Iptc4xmpCore) and IPTC IIM with UTF-8 declared. */
export function toWriteTags(text: PublishText): WriteTags {
  const tags: Record<string, unknown> = {
    'IPTC:CodedCharacterSet': 'UTF8',
    'XMP-dc:Description': text.caption,
    'IPTC:Caption-Abstract': text.caption,
    'XMP-iptcCore:AltTextAccessibility': text.altText,
    'XMP-dc:Subject': [...text.keywords],
    'IPTC:Keywords': [...text.keywords],
    'XMP-dc:Title': text.title,
    'IPTC:ObjectName': text.title,
    'XMP-photoshop:Headline': text.headline,
    'IPTC:Headline': text.headline,
    'XMP-iptcCore:Location': text.location,
    'IPTC:Sub-location': text.location,
  };
  if (text.copyright !== null) Object.assign(tags, { 'XMP-dc:Rights': text.copyright, 'IPTC:CopyrightNotice': text.copyright });
  return tags as WriteTags;
}

/** Opens a writer (one exiftool process, started on first use). */
export function createMetadataWriter(): MetadataWriter {
  const exiftool = new ExifTool({ maxProcs: 1, taskTimeoutMillis: 30_000 });
  return {
    async write(file, text, options) {
      try {
        const result = await exiftool.write(file, toWriteTags(text), { writeArgs: ['-overwrite_original', ...(options.stripGps ? GPS_ARGS : [])] });
        const warnings = (result.warnings ?? []).filter((w) => /truncat|exceeds/i.test(w));
        if (warnings.length > 0) throw new ProofsheetError('PUBLISH_TEXT_TOO_LONG', `${file}: ${warnings.join('; ')}`, { details: { file } });
      } catch (error) {
        if (error instanceof ProofsheetError) throw error;
        throw new ProofsheetError('PUBLISH_METADATA_FAILED', `cannot write metadata into ${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, {
          cause: error,
          details: { file },
        });
      }
    },
    async close() {
      await exiftool.end();
    },
  };
}
