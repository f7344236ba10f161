/** The Runs page (SPEC §10). */
export function RunsRoute() {
  return <h1>Runs</h1>;
}
