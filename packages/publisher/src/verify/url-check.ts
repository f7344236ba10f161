/** The answer to one public URL. */
export interface UrlAnswer {
  readonly ok: boolean;
  /** `HTTP 200 image/jpeg`, `HTTP 404 text/html`, or the network error. */
  readonly evidence: string;
}

/** Limits of {@link checkUrls}. */
export interface UrlCheckOptions {
  /** Requests at once (default 4). */
  readonly concurrency?: number;
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
}

async function checkOnce(url: string, timeoutMs: number): Promise<UrlAnswer & { retry: boolean }> {
  try {
    const response = await fetch(url, { method: 'GET', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    const type = response.headers.get('content-type') ?? '(no content type)';
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status === 200 && type.toLowerCase().startsWith('image/');
    return { ok, evidence: `HTTP ${response.status} ${type}`, retry: response.status >= 500 };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, evidence: `no answer: ${cause ?? (error as Error).name}`, retry: true };
  }
}

/**
 * GETs each URL (Node's fetch) and says whether it answered 200 with an `image/*` content type:
 * at most `concurrency` at once, a timeout per request, one retry after a network error or a 5xx.
 */
export async function checkUrls(urls: readonly string[], options: UrlCheckOptions = {}): Promise<Map<string, UrlAnswer>> {
  const answers = new Map<string, UrlAnswer>();
  const queue = [...new Set(urls)];
  const timeoutMs = options.timeoutMs ?? 10_000;
  const worker = async (): Promise<void> => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      let answer = await checkOnce(url, timeoutMs);
      if (!answer.ok && answer.retry) answer = await checkOnce(url, timeoutMs);
      answers.set(url, { ok: answer.ok, evidence: answer.evidence });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return answers;
}
