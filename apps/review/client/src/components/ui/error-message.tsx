import { ApiError } from '../../lib/api-client';

/** An error the operator can act on: what happened, the code, and what to do. Never a blank area. */
export function ErrorMessage({ error, retry, title = 'Something went wrong' }: { error: unknown; retry?: () => void; title?: string }) {
  const api = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-message" role="alert">
      <p className="error-title">{title}</p>
      <p>{message}</p>
      {api !== null && api.hint !== '' ? <p className="error-hint">{api.hint}</p> : null}
      {api !== null ? <p className="error-code">code {api.code}{api.status > 0 ? ` · HTTP ${api.status}` : ''}</p> : null}
      {retry !== undefined ? <button type="button" onClick={retry}>Try again</button> : null}
    </div>
  );
}
