// Rebuilds samples/landscapes/ (the small bundled sample set used by `npm run demo`) from the team's
// corpus of real photographs (Debian's lomiri-wallpapers, CC-BY-4.0): 1200 px long edge, JPEG q80.
// Usage: node scripts/make-bundled-samples.mjs <corpus-dir built by packages/testkit/corpus/build-samples.sh>
import path from 'node:path';
import sharp from 'sharp';

const corpus = process.argv[2];
if (!corpus) throw new Error('usage: node scripts/make-bundled-samples.mjs <corpus-dir>');
const picks = ['aitzgorri', 'picosdeeuropa', 'sunset', 'life'];
for (const name of picks) {
  const source = path.join(corpus, 'landscapes', `${name}_by_Aitzol_Berasategi.jpg`);
  const target = path.join('samples', 'landscapes', `${name}.jpg`);
  await sharp(source).autoOrient().resize(1200, 1200, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80, mozjpeg: false }).toFile(target);
  console.log(target);
}
