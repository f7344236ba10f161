/** The Stats page (SPEC §10). */
export function StatsRoute() {
  return <h1>Stats</h1>;
}
