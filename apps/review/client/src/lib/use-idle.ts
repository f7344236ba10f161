import { useEffect, useState } from 'react';

/**
 * False until the page has been idle once after it mounted (`requestIdleCallback`, at most
 * `timeoutMs` later): for work the first paint must not wait behind, such as the Runs badge's
 * triage of the latest run.
 */
export function useIdle(timeoutMs = 2000): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (idle) return undefined;
    const handle = requestIdleCallback(() => setIdle(true), { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }, [idle, timeoutMs]);
  return idle;
}
