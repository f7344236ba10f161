import type { DefaultAnswer } from './image-answer.js';
import type { GuardrailBreak } from './types.js';

const EXTRA = ['harbour light', 'red roof', 'stone steps', 'old lamp', 'quiet lane', 'iron gate', 'blue door', 'tall mast', 'green hill', 'white sail', 'wet street', 'low cloud', 'narrow bridge'];

/**
 * Changes a good default answer so that it breaks exactly one guardrail. `category` is read from
 * the prompt (`category: …`) for the category leak.
 */
export function toBrokenAnswer(answer: DefaultAnswer, rule: GuardrailBreak, category: string): DefaultAnswer {
  const { caption, alt_text: alt, keywords } = answer;
  const base = caption.replace(/\.$/, '');
  switch (rule) {
    case 'caption_not_one_sentence': return { ...answer, caption: `${base}. Gulls circle overhead.` };
    case 'caption_too_short': return { ...answer, caption: 'A quiet harbour.' };
    case 'caption_too_long': return { ...answer, caption: `${base} while small boats rock gently beside the long wooden pier under a wide sky.` };
    case 'alt_too_short': return { ...answer, alt_text: 'Boats by a pier.' };
    case 'alt_too_long': return { ...answer, alt_text: `${alt.replace(/\.$/, '')} and gulls drift over the water beside the old stone quay today.` };
    case 'alt_equals_caption': return { ...answer, alt_text: caption };
    case 'alt_too_similar': return { ...answer, alt_text: caption.replace(/^A /, 'The ') };
    case 'keywords_too_few': return { ...answer, keywords: keywords.slice(0, 3) };
    case 'keywords_too_many': return { ...answer, keywords: [...keywords, ...EXTRA].slice(0, 13) };
    case 'keyword_too_long': return { ...answer, keywords: [...keywords.slice(0, -1), 'boats beside the long pier'] };
    case 'keyword_duplicate': return { ...answer, keywords: [...keywords.slice(0, -1), keywords[0]!] };
    case 'keyword_filler': return { ...answer, keywords: [...keywords.slice(0, -1), 'beautiful'] };
    case 'camera_token': return { ...answer, keywords: [...keywords.slice(0, -1), 'iso 100'] };
    case 'filename_leak': return { ...answer, keywords: [...keywords.slice(0, -1), 'harbour_view_03'] };
    case 'category_leak': return { ...answer, keywords: [...keywords.slice(0, -1), category.toLowerCase()] };
    case 'uncertainty_words': return { ...answer, caption: `${base}, which appears to be early morning.` };
  }
}
