/** The current time as an ISO-8601 UTC string (the format of every `*_at` column). */
export function nowIso(): string {
  return new Date().toISOString();
}
