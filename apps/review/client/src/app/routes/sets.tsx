import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage } from '../../components/ui/error-message';
import { ShortcutsHelp } from '../../components/ui/shortcuts-help';
import { Loading } from '../../components/ui/spinner';
import { describeKey, useShortcuts, type Shortcut } from '../../lib/shortcuts';
import { useStartRun } from '../../features/runs/api/resume-runs';
import { BatchProgress } from '../../features/runs/components/batch-progress';
import { useSets } from '../../features/sets/api/get-sets';
import { SetForm } from '../../features/sets/components/set-form';
import { SetsTable } from '../../features/sets/components/sets-table';
import '../../features/sets/sets.css';

/** The Sets page (SPEC §10): list, add a set, start a batch on the chosen sets and watch it. */
export function SetsRoute() {
  const queryClient = useQueryClient();
  const sets = useSets();
  const start = useStartRun();
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [caption, setCaption] = useState(true);
  const [since, setSince] = useState<number | null>(null);
  const toggle = (id: number) => setChosen((c) => {
    const next = new Set(c);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const run = () => {
    if (start.isPending) return;
    const at = Date.now();
    start.mutate({ ...(chosen.size > 0 ? { sets: [...chosen] } : {}), caption }, {
      onSuccess: () => {
        setSince(at);
        void queryClient.invalidateQueries({ queryKey: ['sets'] });
      },
    });
  };
  const shortcuts: Shortcut[] = [
    { key: 'b', label: 'Start a batch on the ticked sets (all pending sets when none is ticked)', run },
    { key: 'n', label: 'New set: go to the folder field', run: () => document.querySelector<HTMLInputElement>('[data-testid="set-form"] input[name="folder"]')?.focus() },
  ];
  useShortcuts(shortcuts);

  return (
    <section className="sets-page" aria-labelledby="sets-title">
      <h1 id="sets-title">Sets</h1>
      <div className="sets-columns">
        <div className="sets-main">
          {sets.isPending ? <Loading label="Loading the sets…" /> : null}
          {sets.isError ? <ErrorMessage error={sets.error} title="The sets could not be loaded" retry={() => void sets.refetch()} /> : null}
          {sets.isSuccess && sets.data.length === 0 ? <p className="empty">No set yet. Add the folder of a shoot on the right.</p> : null}
          {sets.isSuccess && sets.data.length > 0 ? <SetsTable sets={sets.data} chosen={chosen} onToggle={toggle} /> : null}
          <div className="batch-bar">
            <button type="button" className="approve" data-testid="start-batch" onClick={run} disabled={start.isPending} title={`Start a batch (${describeKey({ key: 'b' })})`}>
              {start.isPending ? 'Starting…' : chosen.size > 0 ? `Start a batch on ${chosen.size} set(s)` : 'Start a batch on every pending set'}
            </button>
            <label><input type="checkbox" checked={caption} onChange={(e) => setCaption(e.target.checked)} data-testid="batch-caption" />Write captions with AI (Ollama)</label>
          </div>
          {start.isError ? <ErrorMessage error={start.error} title="The batch did not start" retry={run} /> : null}
          {since !== null ? <BatchProgress since={since} /> : null}
        </div>
        <SetForm />
      </div>
      <ShortcutsHelp shortcuts={shortcuts} />
    </section>
  );
}
