/** Where a published row lives on the website (SPEC §11; original-system §11). */
export interface SiteLayout {
  readonly year: string;
  readonly categorySlug: string;
  /** `{year}/{category_slug}/{File_Name}` */
  readonly webPath: string;
  /** `{year}/thumbs/{category_slug}/{File_Name}` */
  readonly thumbPath: string;
  readonly webUrl: string;
  readonly thumbUrl: string;
}

/** The folder key of a category: `&` → `and`, other non-alphanumerics → `_`, lower case (`Birds & Bees` → `birds_and_bees`). */
export function toCategorySlug(category: string): string {
  const slug = category
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return slug || 'uncategorised';
}

/** The year of a row: its `DateTime`'s year, else a `_20xx_` in its name, else `fallbackYear`. */
export function toPublishYear(dateTime: string | null, fileName: string, fallbackYear: number): string {
  const fromDate = /^(\d{4})/.exec(dateTime ?? '')?.[1];
  if (fromDate && fromDate !== '0000') return fromDate;
  return /_((?:19|20)\d\d)_/.exec(fileName)?.[1] ?? String(fallbackYear);
}

/** The layout of one row. `publicUrlBase` without a trailing slash is fine. */
export function toSiteLayout(input: { fileName: string; category: string | null; dateTime: string | null; publicUrlBase: string; fallbackYear: number }): SiteLayout {
  const year = toPublishYear(input.dateTime, input.fileName, input.fallbackYear);
  const categorySlug = toCategorySlug(input.category ?? '');
  const webPath = `${year}/${categorySlug}/${input.fileName}`;
  const thumbPath = `${year}/thumbs/${categorySlug}/${input.fileName}`;
  const base = input.publicUrlBase.replace(/\/+$/, '');
  const url = (relative: string) => `${base}/${relative.split('/').map(encodeURIComponent).join('/')}`;
  return { year, categorySlug, webPath, thumbPath, webUrl: url(webPath), thumbUrl: url(thumbPath) };
}
