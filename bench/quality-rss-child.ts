// Child process for the quality benchmark: scores one file with exactly stage 5's code and prints
// {"ms", "max_rss_mb", "brisque"} so the parent can report peak RSS of a fresh process.
import { createQualityScorer, scoreFile } from '@proofsheet/stages';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: quality-rss-child.ts <file>');
const scorer = await createQualityScorer({ providers: ['cpu'] });
const t0 = performance.now();
const result = await scoreFile(scorer, file);
const ms = performance.now() - t0;
await scorer.close();
process.stdout.write(`${JSON.stringify({ ms, max_rss_mb: process.resourceUsage().maxRSS / 1024, brisque: result.brisque_score })}\n`);
