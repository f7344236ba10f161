/** The error-count badge of the Runs link (filled in with the Runs page's error panel). */
export function RunsNavBadge() {
  return null;
}
