import { toSlug } from './slug.js';

/**
 * The camera slug from EXIF `Make` and `Model` (SPEC §5): the make is not repeated when the model
 * already starts with it (`Canon` + `Canon EOS R5` → `Canon_EOS_R5`), also when the make carries a
 * company suffix (`NIKON CORPORATION` + `NIKON D850` → `NIKON_D850`), and a token repeated back to
 * back is written once (`Canon Canon EOS` → `Canon_EOS`). Returns `''` when both are missing.
 */
export function toCameraSlug(make: string | null | undefined, model: string | null | undefined): string {
  const makeTokens = toSlug(make ?? '').split('_').filter(Boolean);
  const modelTokens = toSlug(model ?? '').split('_').filter(Boolean);
  const firstMake = makeTokens[0]?.toLowerCase();
  const modelHasMake = firstMake !== undefined && modelTokens[0]?.toLowerCase() === firstMake;
  const tokens = modelHasMake || makeTokens.length === 0 ? modelTokens : [toMakeName(makeTokens), ...modelTokens];
  return dropRepeatedTokens(tokens).join('_');
}

/** Company suffixes that are not part of a camera's name. */
const COMPANY_WORDS = new Set(['corporation', 'corp', 'company', 'co', 'ltd', 'inc', 'imaging', 'optical', 'camera', 'digital', 'solutions']);

/** `OLYMPUS IMAGING CORP.` → `OLYMPUS`; keeps the first token and any that are not company words. */
function toMakeName(tokens: readonly string[]): string {
  return tokens.filter((token, index) => index === 0 || !COMPANY_WORDS.has(token.toLowerCase())).join('_');
}

function dropRepeatedTokens(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of tokens.flatMap((t) => t.split('_'))) {
    if (out.at(-1)?.toLowerCase() !== token.toLowerCase()) out.push(token);
  }
  return out;
}
