import { ProofsheetError } from '@proofsheet/core';

/** The reviewed text embedded into a published image (XMP and IPTC). */
export interface PublishText {
  readonly caption: string;
  /** IPTC `AltTextAccessibility`. */
  readonly altText: string;
  readonly keywords: readonly string[];
  /** `dc:title` / IPTC ObjectName. */
  readonly title: string;
  /** `photoshop:Headline` / IPTC Headline. */
  readonly headline: string;
  /** IPTC Sub-location / `Iptc4xmpCore:Location`. */
  readonly location: string;
  /** `dc:rights` / IPTC CopyrightNotice; null for none. */
  readonly copyright: string | null;
}

/** The row fields the text comes from. */
export interface PublishTextSource {
  readonly Caption: string | null;
  readonly alt_text: string | null;
  readonly Keywords: string | null;
  readonly Subject: string | null;
  readonly Location: string | null;
}

/** Splits the `Keywords` column (comma or semicolon separated) into distinct trimmed keywords. */
export function toKeywordList(keywords: string | null): string[] {
  const seen = new Set<string>();
  const list: string[] = [];
  for (const raw of (keywords ?? '').split(/[,;]/)) {
    const keyword = raw.trim();
    if (keyword && !seen.has(keyword.toLowerCase())) {
      seen.add(keyword.toLowerCase());
      list.push(keyword);
    }
  }
  return list;
}

/** The text of a row as it is embedded: title is the subject, headline subject and location. */
export function toPublishText(row: PublishTextSource, copyright: string | null): PublishText {
  const subject = (row.Subject ?? '').trim();
  const location = (row.Location ?? '').trim();
  return {
    caption: (row.Caption ?? '').trim(),
    altText: (row.alt_text ?? '').trim(),
    keywords: toKeywordList(row.Keywords),
    title: subject,
    headline: [subject, location].filter(Boolean).join(', '),
    location,
    copyright: copyright?.trim() || null,
  };
}

/** IPTC IIM byte limits of the datasets we write (IIM 4.2; longer values would be cut by writers). */
export const IPTC_BYTE_LIMITS = { caption: 2000, keyword: 64, copyright: 128, title: 64, headline: 256, location: 32 } as const;

/** One value over its IPTC limit. */
export interface TextOverLimit {
  readonly field: keyof typeof IPTC_BYTE_LIMITS;
  readonly bytes: number;
  readonly limit: number;
  readonly value: string;
}

/** Every value of `text` that IPTC would cut (UTF-8 bytes over the dataset's limit). */
export function findTextOverLimits(text: PublishText): TextOverLimit[] {
  const over: TextOverLimit[] = [];
  const check = (field: keyof typeof IPTC_BYTE_LIMITS, value: string | null) => {
    if (value === null) return;
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > IPTC_BYTE_LIMITS[field]) over.push({ field, bytes, limit: IPTC_BYTE_LIMITS[field], value });
  };
  check('caption', text.caption);
  for (const keyword of text.keywords) check('keyword', keyword);
  check('copyright', text.copyright);
  check('title', text.title);
  check('headline', text.headline);
  check('location', text.location);
  return over;
}

/** Throws `PUBLISH_TEXT_TOO_LONG` naming every value IPTC would cut (never truncated silently). */
export function assertTextWithinLimits(text: PublishText, fileName: string): void {
  const over = findTextOverLimits(text);
  if (over.length === 0) return;
  const list = over.map((o) => `${o.field} is ${o.bytes} bytes (IPTC limit ${o.limit})${o.field === 'keyword' ? `: "${o.value}"` : ''}`).join('; ');
  throw new ProofsheetError('PUBLISH_TEXT_TOO_LONG', `${fileName}: ${list}; shorten it in the review editor, then publish again`, {
    details: { File_Name: fileName, over: over.map(({ field, bytes, limit }) => ({ field, bytes, limit })) },
  });
}
