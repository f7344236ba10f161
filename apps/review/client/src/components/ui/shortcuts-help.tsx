import { useState } from 'react';
import { describeKey, useShortcuts, type Shortcut } from '../../lib/shortcuts';
import { Dialog } from './dialog';

/** The `?` overlay: every shortcut of the page, as bound. Renders the dialog; binds `?` itself. */
export function ShortcutsHelp({ shortcuts }: { shortcuts: readonly Shortcut[] }) {
  const [open, setOpen] = useState(false);
  useShortcuts([{ key: '?', label: 'Show the keyboard shortcuts', run: () => setOpen((o) => !o) }]);
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={() => setOpen(false)}>
      <table className="shortcuts">
        <tbody>
          {[...shortcuts, { key: '?', label: 'Show this list' }, { key: 'Escape', label: 'Leave a text field (then keys are commands again)' }].map((s) => (
            <tr key={`${s.key}-${s.label}`}>
              <th scope="row"><kbd>{describeKey(s)}</kbd></th>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Typing in a text field never triggers a shortcut; Ctrl shortcuts work everywhere.</p>
    </Dialog>
  );
}
