import { createHash } from 'node:crypto';
// The stand-in decodes the images it receives with real sharp: testkit is test-only (never imported
// by product code), so the one-owner rule for sharp does not apply to it.
import sharp from 'sharp';

/** The stand-in's default structured answer. */
export interface DefaultAnswer {
  readonly caption: string;
  readonly alt_text: string;
  readonly keywords: string[];
}

const COLOURS: ReadonlyArray<readonly [string, number, number, number]> = [
  ['red', 200, 40, 40], ['orange', 230, 140, 30], ['yellow', 230, 220, 50], ['green', 50, 160, 60],
  ['teal', 40, 150, 150], ['blue', 40, 80, 200], ['purple', 130, 60, 170], ['pink', 230, 130, 180],
  ['brown', 120, 80, 40], ['grey', 128, 128, 128], ['black', 15, 15, 15], ['white', 240, 240, 240],
];
const NOUNS = ['harbour', 'meadow', 'tram', 'lighthouse', 'bridge', 'orchard', 'canal', 'market', 'cliff', 'barn',
  'glacier', 'vineyard', 'pier', 'station', 'chapel', 'dune', 'forest trail', 'windmill', 'courtyard', 'waterfall',
  'sailboat', 'tulip field', 'stone wall', 'rooftop', 'fountain', 'heron', 'fox', 'balcony', 'lantern', 'garden gate'];
const TEXTURES = ['rippled', 'weathered', 'polished', 'mossy', 'frosted', 'sunlit', 'shadowed', 'misty', 'glossy',
  'rough', 'speckled', 'striped', 'dappled', 'layered', 'curved', 'angular'];
const PLACES = ['foreground', 'left side', 'right side', 'upper corner', 'lower edge', 'centre'];

/** Nearest named colour of an RGB triple. */
function toColourName(r: number, g: number, b: number): string {
  let best = COLOURS[0]!;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const colour of COLOURS) {
    const d = (colour[1] - r) ** 2 + (colour[2] - g) ** 2 + (colour[3] - b) ** 2;
    if (d < bestDistance) [best, bestDistance] = [colour, d];
  }
  return best[0];
}

function pick<T>(list: readonly T[], seed: Buffer, offset: number): T {
  return list[seed.readUInt16BE(offset % (seed.length - 1)) % list.length]!;
}

/**
 * Derives a caption, alt text and keywords from the image itself (dominant colour, brightness and
 * a hash of the bytes), so different photos get different text. `salt` varies the wording (the
 * stand-in raises it when a prompt says the previous answer was a duplicate).
 */
export async function toDefaultAnswer(imageBase64: string | undefined, salt: number, keywordCount: number): Promise<DefaultAnswer> {
  let colour = 'grey';
  let light = 'soft';
  const bytes = Buffer.from(imageBase64 ?? '', 'base64');
  if (bytes.length > 0) {
    try {
      const stats = await sharp(bytes).stats();
      colour = toColourName(stats.dominant.r, stats.dominant.g, stats.dominant.b);
      const mean = stats.channels.slice(0, 3).reduce((sum, c) => sum + c.mean, 0) / Math.min(3, stats.channels.length);
      light = mean < 70 ? 'dim' : mean > 180 ? 'bright' : 'even';
    } catch {
      colour = 'muted';
    }
  }
  const seed = createHash('sha256').update(bytes).update(String(salt)).digest();
  const noun = pick(NOUNS, seed, 0);
  const other = pick(NOUNS.filter((n) => n !== noun), seed, 2);
  const texture = pick(TEXTURES, seed, 4);
  const place = pick(PLACES, seed, 6);
  const caption = `A ${texture} ${noun} in ${light} ${colour} light stands near a ${other} on the ${place}.`;
  const alt_text = `${capitalise(colour)} tones cover a ${noun} with ${texture} surfaces while a ${other} waits close by.`;
  const pool = [noun, other, `${colour} light`, `${texture} surface`, `${light} light`, place, `${colour} ${noun}`,
    `${texture} ${other}`, 'outdoor scene', 'natural detail', 'quiet moment', 'travel scene'];
  const keywords = [...new Set(pool)].slice(0, Math.max(1, keywordCount));
  return { caption, alt_text, keywords };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
