// The scripts bench/review-client.bench.ts runs inside Chromium (strings: the bench is compiled
// without the DOM library), and the static reference pages. They follow the review client's DOM
// contract: [data-testid="editor"][data-row-id], img[data-testid="editor-preview"][data-row-id],
// [data-testid="field-File_Name"], [data-testid="queue-grid"], [data-testid="queue-cell"][data-row-id].

/**
 * Arms `window.__benchNext`: from the next keydown's timestamp until the editor shows another row
 * whose preview image is loaded and decoded and whose File_Name field changed. Resolves with
 * `{ ms, id, name }`. Checked on every DOM mutation, every image load, and every 4 ms.
 */
export const NEXT_WATCH = `(() => {
  const editor = () => document.querySelector('[data-testid="editor"]');
  const field = () => document.querySelector('[data-testid="field-File_Name"]');
  const before = editor()?.dataset.rowId;
  const beforeName = field()?.value;
  let t0 = null;
  window.addEventListener('keydown', (event) => { if (t0 === null) t0 = event.timeStamp; }, { capture: true, once: true });
  window.__benchNext = new Promise((resolve, reject) => {
    let settled = false;
    let decoding = false;
    const deadline = performance.now() + 10000;
    const stop = () => { settled = true; observer.disconnect(); clearInterval(poll); document.removeEventListener('load', check, true); };
    const check = () => {
      if (settled || decoding) return;
      if (performance.now() > deadline) { stop(); reject(new Error('the editor did not show the next row within 10 s')); return; }
      const id = editor()?.dataset.rowId;
      if (t0 === null || !id || id === before) return;
      const img = document.querySelector('img[data-testid="editor-preview"][data-row-id="' + id + '"]');
      const name = field()?.value;
      if (!img || !img.complete || img.naturalWidth === 0 || !name || name === beforeName) return;
      decoding = true;
      img.decode().catch(() => undefined).then(() => { const ms = performance.now() - t0; stop(); resolve({ ms, id, name }); });
    };
    const observer = new MutationObserver(check);
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    document.addEventListener('load', check, true);
    const poll = setInterval(check, 4);
  });
})()`;

/**
 * Init script for a first load: records `performance.now()` (from navigation start, the token
 * exchange included) when app-ready appears and when every queue cell in the viewport has its
 * thumbnail loaded, in `window.__firstLoad = { ready, thumbs, cells }`.
 */
export const FIRST_LOAD_WATCH = `(() => {
  if (location.pathname !== '/') return;
  let ready = 0;
  const tick = () => {
    if (!ready && document.querySelector('[data-testid="app-ready"]')) ready = performance.now();
    const visible = [...document.querySelectorAll('[data-testid="queue-cell"]')].filter((cell) => {
      const box = cell.getBoundingClientRect();
      return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
    });
    const loaded = visible.length > 0 && visible.every((cell) => { const img = cell.querySelector('img'); return img && img.complete && img.naturalWidth > 0; });
    if (ready && loaded) { window.__firstLoad = { ready, thumbs: performance.now(), cells: visible.length }; return; }
    setTimeout(tick, 4);
  };
  tick();
})()`;

/** What the queue page shows, for an error message: app-ready, and each cell's row id, thumbnail state and position. */
export const DESCRIBE_QUEUE = `JSON.stringify({
  ready: document.querySelector('[data-testid="app-ready"]') !== null,
  cells: [...document.querySelectorAll('[data-testid="queue-cell"]')].slice(0, 40).map((cell) => {
    const img = cell.querySelector('img');
    return [cell.dataset.rowId, img ? img.complete + '/' + img.naturalWidth : 'no img', Math.round(cell.getBoundingClientRect().top)];
  }),
})`;

/**
 * Scrolls the queue grid from top to bottom in 300 steps (two frames each), then waits (up to 10 s)
 * for the last cell, counting the DOM nodes inside the grid after every mutation and collecting
 * long tasks (PerformanceObserver 'longtask': every task over 50 ms). Resolves with
 * `{ maxNodes, longTasks, lastRowId }`.
 */
export const SCROLL_GRID = `(async () => {
  const grid = document.querySelector('[data-testid="queue-grid"]');
  if (!grid) throw new Error('no [data-testid="queue-grid"]');
  const longTasks = [];
  const tasks = new PerformanceObserver((list) => { for (const entry of list.getEntries()) longTasks.push(entry.duration); });
  tasks.observe({ type: 'longtask' });
  let maxNodes = 0;
  const count = () => { maxNodes = Math.max(maxNodes, grid.getElementsByTagName('*').length + 1); };
  const nodes = new MutationObserver(count);
  nodes.observe(grid, { subtree: true, childList: true });
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const STEPS = 300;
  for (let step = 1; step <= STEPS; step += 1) {
    grid.scrollTop = ((grid.scrollHeight - grid.clientHeight) * step) / STEPS;
    await frame();
    await frame();
    count();
  }
  const last = () => [...grid.querySelectorAll('[data-testid="queue-cell"]')].at(-1);
  const atEnd = () => { const cell = last(); return cell && cell.getAttribute('aria-posinset') !== null && cell.getAttribute('aria-posinset') === cell.getAttribute('aria-setsize'); };
  const deadline = performance.now() + 10000;
  while (!atEnd() && performance.now() < deadline) {
    grid.scrollTop = grid.scrollHeight;
    await frame();
    count();
  }
  await frame();
  count();
  tasks.takeRecords().forEach((entry) => longTasks.push(entry.duration));
  tasks.disconnect();
  nodes.disconnect();
  return { maxNodes, longTasks, lastRowId: Number(last()?.dataset.rowId ?? 0) };
})()`;

/**
 * The reference for Next: an editor-shaped static page. \`window.__preloadNext()\` decodes the next
 * row's preview; \`j\` swaps the image, the row id and the File_Name field, as the client does.
 */
export const REFERENCE_NEXT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>reference</title>
<style>body{margin:0;display:flex;gap:16px}img{width:900px;height:600px;object-fit:contain;background:#111}</style></head>
<body><div data-testid="editor" data-row-id="1"><img data-testid="editor-preview" data-row-id="1" src="/img/1/preview.jpg" alt="">
<input data-testid="field-File_Name" value="row_1"></div>
<script>
let current = 1;
const preloaded = [];
window.__preloadNext = async () => { const img = new Image(); img.src = '/img/' + (current + 1) + '/preview.jpg'; preloaded.push(img); await img.decode(); };
window.addEventListener('keydown', (event) => {
  if (event.key !== 'j') return;
  current += 1;
  const editor = document.querySelector('[data-testid="editor"]');
  const img = document.querySelector('[data-testid="editor-preview"]');
  img.src = '/img/' + current + '/preview.jpg';
  img.dataset.rowId = String(current);
  editor.dataset.rowId = String(current);
  document.querySelector('[data-testid="field-File_Name"]').value = 'row_' + current;
});
</script></body></html>`;

/** The reference for a first load: `n` thumbnails in a static grid; `window.__loaded` is when all have loaded. */
export function referenceLoadPage(n: number): string {
  const images = Array.from({ length: n }, (_, i) => `<img src="/img/${i + 1}/thumb.jpg" alt="">`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>reference</title>
<style>body{margin:0;display:grid;grid-template-columns:repeat(auto-fill,220px);gap:8px}img{width:220px;height:160px;object-fit:cover}</style></head>
<body>${images}<script>
const all = [...document.images];
const done = () => { if (all.every((img) => img.complete && img.naturalWidth > 0)) window.__loaded = performance.now(); else setTimeout(done, 4); };
done();
</script></body></html>`;
}
