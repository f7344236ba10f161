import { useEffect, useRef, type ReactNode } from 'react';

/** A modal dialog (native `<dialog>`: focus trapped, Esc closes, Close focused on open), labelled by its title. */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first focusable element (a link in the content); Close is the safe default.
      close.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-label={title} onClose={onClose}>
      <h2>{title}</h2>
      {open ? children : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose} ref={close}>Close</button>
      </div>
    </dialog>
  );
}
