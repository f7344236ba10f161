import type { SqliteDatabase } from '../db/sqlite.js';

/** A keyword in use and how many rows carry it. */
export interface KeywordUse {
  /** The spelling most rows use. */
  readonly keyword: string;
  readonly uses: number;
}

/** Options of {@link listKeywordUses}. */
export interface KeywordUseQuery {
  /** Case-insensitive prefix the keyword starts with; empty or absent lists every keyword. */
  readonly prefix?: string;
  readonly limit: number;
}

// LIKE's own wildcards and its escape character, taken literally.
const toLikeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const fold = (text: string): string => text.toLowerCase();

/**
 * Keywords already used on queue rows (`Keywords`, comma-separated; rejected rows left out), most
 * used first (rows carrying it; ties by keyword), whose case-folded form starts with `prefix`.
 * Spellings that differ only in case count as one keyword, shown as most rows spell it.
 */
export function listKeywordUses(db: SqliteDatabase, query: KeywordUseQuery): KeywordUse[] {
  const prefix = fold((query.prefix ?? '').trim());
  // SQLite folds ASCII case only: narrow the rows by the prefix's leading ASCII part, fold the rest here.
  const ascii = /^[\x00-\x7F]*/.exec(prefix)?.[0] ?? '';
  const rows = db
    .prepare(`SELECT Keywords FROM review_queue WHERE Keywords IS NOT NULL AND Keywords <> '' AND Review_Status <> 'Rejected' AND Keywords LIKE ? ESCAPE '\\'`)
    .pluck()
    .all(`%${toLikeLiteral(ascii)}%`) as string[];
  const counts = new Map<string, { uses: number; spellings: Map<string, number> }>();
  for (const keywords of rows) {
    const seen = new Set<string>();
    for (const raw of keywords.split(',')) {
      const keyword = raw.trim();
      const key = fold(keyword);
      if (keyword === '' || !key.startsWith(prefix) || seen.has(key)) continue;
      seen.add(key);
      const entry = counts.get(key) ?? { uses: 0, spellings: new Map<string, number>() };
      entry.uses += 1;
      entry.spellings.set(keyword, (entry.spellings.get(keyword) ?? 0) + 1);
      counts.set(key, entry);
    }
  }
  return [...counts.entries()]
    .map(([key, entry]) => ({ key, keyword: [...entry.spellings.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0], uses: entry.uses }))
    .sort((a, b) => b.uses - a.uses || a.key.localeCompare(b.key))
    .slice(0, query.limit)
    .map(({ keyword, uses }) => ({ keyword, uses }));
}
