/** The Sets page (SPEC §10). */
export function SetsRoute() {
  return <h1>Sets</h1>;
}
