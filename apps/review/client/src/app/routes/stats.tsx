import { useState } from 'react';
import { ErrorMessage } from '../../components/ui/error-message';
import { ShortcutsHelp } from '../../components/ui/shortcuts-help';
import { Loading } from '../../components/ui/spinner';
import { describeKey, useShortcuts, type Shortcut } from '../../lib/shortcuts';
import { useStats } from '../../features/stats/api/get-stats';
import { AcceptanceByModelTable, AcceptanceTable, PerHourTable, StatsSummary } from '../../features/stats/components/stats-tables';
import '../../features/stats/stats.css';

const WINDOWS = [
  { hours: 24, label: 'Last 24 hours' },
  { hours: 24 * 7, label: 'Last 7 days' },
  { hours: 24 * 30, label: 'Last 30 days' },
] as const;

/** `since` for a window of `hours`, to the minute (so the query key stays put between renders). */
const toSince = (hours: number, now: number): string => new Date(Math.floor((now - hours * 3_600_000) / 60_000) * 60_000).toISOString();

/** The Statistics page: review pace and how much AI text is accepted unedited, from the row history. */
export function StatsRoute() {
  const [hours, setHours] = useState<number>(24);
  const [now, setNow] = useState(() => Date.now());
  const stats = useStats({ since: toSince(hours, now) });
  const refresh = () => {
    // Within the same minute the window (and the query key) stays the same: fetch it again.
    setNow(Date.now());
    void stats.refetch();
  };
  const shortcuts: Shortcut[] = [
    { key: 'r', label: 'Refresh the statistics', run: refresh },
    { key: 'w', label: 'Next time window (24 hours, 7 days, 30 days)', run: () => setHours((h) => WINDOWS[(WINDOWS.findIndex((w) => w.hours === h) + 1) % WINDOWS.length]?.hours ?? 24) },
  ];
  useShortcuts(shortcuts);
  return (
    <section className="stats-page" aria-labelledby="stats-title">
      <div className="stats-head">
        <h1 id="stats-title">Statistics</h1>
        <label>
          Window
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))} data-testid="stats-window" title={`Time window (${describeKey({ key: 'w' })} cycles)`}>
            {WINDOWS.map((w) => <option key={w.hours} value={w.hours}>{w.label}</option>)}
          </select>
        </label>
        <button type="button" onClick={refresh} title={`Refresh (${describeKey({ key: 'r' })})`}>Refresh</button>
        {stats.data !== undefined ? <p className="stats-window">{`${stats.data.since.replace('T', ' ').slice(0, 16)} to ${stats.data.until.replace('T', ' ').slice(0, 16)} UTC`}</p> : null}
      </div>
      {stats.isPending ? <Loading label="Counting the decisions…" /> : null}
      {stats.isError ? <ErrorMessage error={stats.error} title="The statistics could not be loaded" retry={() => void stats.refetch()} /> : null}
      {stats.data !== undefined ? (
        <>
          <StatsSummary stats={stats.data} />
          <div className="stats-tables">
            <PerHourTable stats={stats.data} />
            <AcceptanceTable stats={stats.data} />
            <AcceptanceByModelTable stats={stats.data} />
          </div>
        </>
      ) : null}
      <ShortcutsHelp shortcuts={shortcuts} />
    </section>
  );
}
