/**
 * Slug rules for filename parts (SPEC §5): `&` → `and`, every other character that is not an
 * ASCII letter or digit → space, whitespace → `_`, repeated `_` collapsed, edges trimmed, case kept.
 *
 * Accents are transliterated, not kept: `é` → `e`, `ß` → `ss`, `ø` → `o`. Names travel through FTP
 * paths, URLs and MySQL keys of the existing website, whose names are all ASCII; an ASCII name is
 * also the same byte string under every Unicode normalisation form (NFC/NFD on macOS), so the
 * case-folded reservation key can never see two spellings of one name. Letters without an ASCII
 * form (Greek, CJK, emoji) become separators, so a subject written only in them is empty after
 * slugging and refused at validation.
 */

/** Letters that Unicode decomposition does not reduce to ASCII. */
const EXTRA_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
};

/** Transliterates Latin letters with diacritics to ASCII; other characters are left as they are. */
export function toAsciiLetters(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\u0000-\u007f]/gu, (char) => EXTRA_LETTERS[char] ?? char);
}

/** Applies the slug rules to one part of a filename (subject, location, category, camera). */
export function toSlug(text: string): string {
  return toAsciiLetters(text)
    .replace(/&/g, ' and ')
    .replace(/[^A-Za-z0-9_]+/g, ' ')
    .trim()
    .replace(/\s+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The category slug: `_Photography` is appended unless the slug already ends with "photography". */
export function toCategorySlug(category: string): string {
  const slug = toSlug(category);
  if (slug === '' || /photography$/i.test(slug)) return slug;
  return `${slug}_Photography`;
}
