import { useEffect, useRef } from 'react';

/** A key binding: the key as `KeyboardEvent.key` (`a`, `ArrowRight`, `?`), optionally with Ctrl/Cmd. */
export interface Shortcut {
  readonly key: string;
  readonly label: string;
  readonly run: () => void;
  readonly mod?: boolean;
  /** Also fires while the focus is in a text field (only for modified keys such as Ctrl+S). */
  readonly inFields?: boolean;
}

/** Whether the event comes from somewhere the user types: then single keys are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type);
}

/**
 * Binds `shortcuts` on the document while the component is mounted. Typing in a text field never
 * triggers a single-key shortcut; Escape in a field leaves it (so the next key is a command again).
 */
export function useShortcuts(shortcuts: readonly Shortcut[], enabled = true): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      // While a modal dialog is open the page behind it takes no command, and Esc is left to the
      // dialog (which closes on it); only ? still toggles the shortcuts overlay.
      if (event.key !== '?' && document.querySelector('dialog[open]') !== null) return;
      const typing = isTyping(event.target);
      if (typing && event.key === 'Escape') {
        (event.target as HTMLElement).blur();
        return;
      }
      const mod = event.ctrlKey || event.metaKey;
      if (event.altKey && !mod) return;
      const match = current.current.find((s) => (s.key === event.key || (mod && s.key.toLowerCase() === event.key.toLowerCase())) && (s.mod ?? false) === mod && (!typing || (s.inFields === true && mod)));
      if (match === undefined) return;
      event.preventDefault();
      match.run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** How a shortcut reads in a tooltip or the help overlay. */
export function describeKey(shortcut: Pick<Shortcut, 'key' | 'mod'>): string {
  const names: Record<string, string> = { ArrowRight: '→', ArrowLeft: '←', ArrowUp: '↑', ArrowDown: '↓', ' ': 'Space', Enter: 'Enter', Escape: 'Esc' };
  const key = names[shortcut.key] ?? (shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key);
  return shortcut.mod === true ? `Ctrl+${key}` : key;
}
