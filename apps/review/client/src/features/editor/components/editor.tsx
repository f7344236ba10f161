import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Decision, GenerateProgressData, RowDetail } from '@proofsheet/review/api-types';
import { ErrorMessage } from '../../../components/ui/error-message';
import { ShortcutsHelp } from '../../../components/ui/shortcuts-help';
import { describeKey, useShortcuts, type Shortcut } from '../../../lib/shortcuts';
import { useGenerateRow } from '../../rows/api/generate-row';
import { preloadRow, previewUrl } from '../../rows/api/get-row';
import { toSearch, type RowFilter } from '../../rows/api/row-filter';
import { useUpdateRow } from '../../rows/api/update-row';
import { useDecisions } from '../../rows/api/use-decisions';
import { DecisionOutcome } from '../../rows/components/decision-outcome';
import { ChecksPanel } from './checks-panel';
import { FieldForm } from './field-form';
import { ScorePanel } from './score-panel';
import { useRowDraft } from './use-row-draft';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const PHASES: Record<GenerateProgressData['phase'], string> = {
  checking: 'checking the model',
  waiting: 'waiting for a free model slot',
  sending: 'asking',
  answer: 'answer received',
  retry: 'the answer failed a check; asking again',
  fallback: 'trying the fallback model',
};

/** Describes one progress event of Generate in words. */
function describeProgress(progress: GenerateProgressData): string {
  const where = [progress.model, progress.host].filter((p) => p !== undefined && p !== '').join(' on ');
  const attempt = progress.attempt === undefined ? '' : ` (attempt ${progress.attempt})`;
  const why = progress.reasons !== undefined && progress.reasons.length > 0 ? `: ${progress.reasons.join('; ')}` : '';
  return `${PHASES[progress.phase]} ${where}${attempt}${why}`;
}

/**
 * The editor of one row: large preview, fields, checks, scores; decisions move on to the next row
 * (saving edits first), and every action has a key.
 */
export function Editor({ detail, filter }: { detail: RowDetail; filter: RowFilter }) {
  const id = Number(detail.row.id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const draft = useRowDraft(detail);
  const update = useUpdateRow();
  const decisions = useDecisions();
  const [zoomed, setZoomed] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const generate = useGenerateRow((p) => setProgress(describeProgress(p)));
  const { previous, next } = detail.neighbours;
  const search = toSearch(filter);

  useEffect(() => {
    if (next !== null) preloadRow(queryClient, next, filter);
    if (previous !== null) preloadRow(queryClient, previous, filter);
    // Neighbour ids (and the filter's text form) are what matter; the filter object is new on each render.
  }, [next, previous, search, queryClient]);

  // A newer saved version (another tab, the CLI) replaces the shown values when nothing is being edited here.
  useEffect(() => {
    if (detail.version > draft.version && draft.changed.length === 0) draft.reset(detail.row, detail.version);
  }, [detail, draft]);

  const go = (target: number | null) => {
    if (target !== null) void navigate(`/rows/${target}${search}`);
  };

  const save = async (): Promise<boolean> => {
    const patch = draft.toPatch();
    if (patch === null) return true;
    try {
      const result = await update.mutateAsync({ id, patch });
      draft.reset(result.row, result.version);
      return true;
    } catch {
      return false;
    }
  };

  const decide = async (decision: Decision) => {
    if (!(await save())) return;
    const result = await decisions.run([id], decision).catch(() => null);
    if (result !== null && result.failed === 0) go(next);
  };

  const undo = async () => {
    await decisions.undo();
  };

  const runGenerate = () => {
    setProgress('starting');
    generate.mutate(id, {
      onSuccess: (result) => {
        draft.reset(result.row, Number(result.row.version ?? detail.version));
        setProgress(null);
      },
      onError: () => setProgress(null),
    });
  };

  const shortcuts: Shortcut[] = [
    { key: 'j', label: 'Next photo (saves your edits)', run: () => void save().then((ok) => ok && go(next)) },
    { key: 'ArrowRight', label: 'Next photo', run: () => void save().then((ok) => ok && go(next)) },
    { key: 'k', label: 'Previous photo (saves your edits)', run: () => void save().then((ok) => ok && go(previous)) },
    { key: 'ArrowLeft', label: 'Previous photo', run: () => void save().then((ok) => ok && go(previous)) },
    { key: 'a', label: 'Approve and go to the next photo', run: () => void decide('approve') },
    { key: 'x', label: 'Reject and go to the next photo', run: () => void decide('reject') },
    { key: 'p', label: 'Set back to Pending and go on', run: () => void decide('pending') },
    { key: 'u', label: 'Undo the last decision', run: () => void undo() },
    { key: 'g', label: 'Generate caption, alt text and keywords again', run: runGenerate },
    { key: 'z', label: 'Zoom to 100% / fit', run: () => setZoomed((z) => !z) },
    { key: 'e', label: 'Edit the caption', run: () => document.getElementById('field-Caption')?.focus() },
    { key: 's', mod: true, inFields: true, label: 'Save the edits', run: () => void save() },
    { key: 'q', label: 'Back to the queue', run: () => void navigate(`/queue${search}`) },
  ];
  useShortcuts(shortcuts);
  const keyOf = (key: string) => describeKey(shortcuts.find((s) => s.key === key) ?? { key });
  const status = String(detail.row.Review_Status ?? '');
  const blocking = detail.publish_checks.filter((c) => c.severity === 'error').length;
  const name = text(detail.row.File_Name) || text(detail.row.Original_File_Name) || `row ${id}`;

  return (
    <div className="editor" data-testid="editor" data-row-id={id}>
      <div className={zoomed ? 'editor-stage zoomed' : 'editor-stage'} data-testid="editor-stage">
        <img
          key={id}
          src={previewUrl(id)}
          alt={text(detail.row.alt_text) || name}
          data-testid="editor-preview"
          data-row-id={id}
          decoding="async"
          onClick={() => setZoomed((z) => !z)}
          title={`Click or ${keyOf('z')} to zoom`}
        />
      </div>
      <aside className="editor-side" aria-label="Row details">
        <header className="editor-head">
          <h1 className="editor-title" data-testid="editor-title">{name}</h1>
          <p className="editor-status">
            <span className={`status-chip status-${status}`} data-testid="editor-status">{status.replaceAll('_', ' ')}</span>
            <span>{`row ${id} · QC ${String(detail.row.QC_Status ?? '')}`}</span>
          </p>
        </header>
        <div className="editor-actions" role="toolbar" aria-label="Actions">
          <button type="button" onClick={() => go(previous)} disabled={previous === null} title={`Previous (${keyOf('k')})`}>Back</button>
          <button type="button" onClick={() => go(next)} disabled={next === null} title={`Next (${keyOf('j')})`}>Next</button>
          <button
            type="button"
            className={blocking > 0 ? 'approve blocked' : 'approve'}
            onClick={() => void decide('approve')}
            disabled={decisions.pending}
            title={blocking > 0 ? `Approve (${keyOf('a')}); ${blocking} problem${blocking === 1 ? '' : 's'} would stop publishing, see "Before approving"` : `Approve (${keyOf('a')})`}
          >
            {blocking > 0 ? `Approve (${blocking} to fix)` : 'Approve'}
          </button>
          <button type="button" className="reject" onClick={() => void decide('reject')} disabled={decisions.pending} title={`Reject (${keyOf('x')})`}>Reject</button>
          <button type="button" onClick={() => void decide('pending')} disabled={decisions.pending} title={`Pending (${keyOf('p')})`}>Pending</button>
          <button type="button" onClick={() => void undo()} disabled={!decisions.canUndo} title={`Undo the last decision (${keyOf('u')})`}>Undo</button>
          <button type="button" onClick={runGenerate} disabled={generate.isPending} title={`Generate again (${keyOf('g')})`}>Generate</button>
          <button type="button" onClick={() => void save()} disabled={draft.changed.length === 0 || update.isPending} title="Save (Ctrl+S)" data-testid="save">
            {draft.changed.length === 0 ? 'Saved' : `Save ${draft.changed.length}`}
          </button>
        </div>
        <DecisionOutcome outcome={decisions.outcome} error={decisions.error} />
        {update.isError ? <div data-testid="save-error"><ErrorMessage error={update.error} title="Your edits were not saved" /></div> : null}
        {progress !== null ? <p role="status" className="progress" data-testid="generate-progress">Generating: {progress}</p> : null}
        {generate.isError ? <div data-testid="generate-error"><ErrorMessage error={generate.error} title="No new caption" /></div> : null}
        <FieldForm detail={detail} draft={draft.draft} onChange={draft.set} />
        <ChecksPanel detail={detail} unsaved={draft.changed.length > 0} />
        <ScorePanel detail={detail} qr={draft.draft.QR} onQr={(value) => draft.set('QR', value)} />
      </aside>
      <ShortcutsHelp shortcuts={[...shortcuts, { key: 'Alt+R', label: 'In a field: put the AI text back', run: () => undefined }]} />
    </div>
  );
}
