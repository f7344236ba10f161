/** The Publish page (SPEC §10). */
export function PublishRoute() {
  return <h1>Publish</h1>;
}
