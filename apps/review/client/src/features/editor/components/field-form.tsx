import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { RowDetail } from '@proofsheet/review/api-types';
import { useKeywordSuggestions } from '../api/get-keywords';
import { KeywordsInput, splitKeywords } from './keywords-input';
import type { Draft, EditableField } from './use-row-draft';

const LABELS: Record<EditableField, string> = {
  File_Name: 'File name',
  Caption: 'Caption',
  alt_text: 'Alt text',
  Keywords: 'Keywords',
  Subject: 'Subject',
  Location: 'Location',
  Folder: 'Category',
  QR: 'Quality rating (QR)',
};

const words = (text: string): number => text.trim().split(/\s+/).filter((w) => w !== '').length;

/** The AI's value of a field and a one-click (Alt+R in the field) revert to it. */
function AiValue({ field, ai, current, onRevert }: { field: EditableField; ai: RowDetail['ai_values'][string] | undefined; current: string; onRevert: () => void }) {
  if (ai === undefined || ai.ai === null) return null;
  const same = ai.ai === current;
  return (
    <div className="ai-value" data-testid={`ai-${field}`}>
      <span className="ai-label">{same ? 'AI text, unedited' : 'AI wrote:'}</span>
      {same ? null : <span className="ai-text">{ai.ai}</span>}
      {same ? null : <button type="button" onClick={onRevert} title="Put the AI text back (Alt+R in the field)">Revert to AI</button>}
    </div>
  );
}

/** Every editable field of the row, with counters, guidelines and the AI value beside each. */
export function FieldForm({ detail, draft, onChange }: { detail: RowDetail; draft: Draft; onChange: (field: EditableField, value: string) => void }) {
  const [keywordPrefix, setKeywordPrefix] = useState('');
  const suggestions = useKeywordSuggestions(keywordPrefix);
  const revertKeys = (field: EditableField) => (event: KeyboardEvent) => {
    const ai = detail.ai_values[field]?.ai;
    if (event.altKey && (event.key === 'r' || event.key === 'R') && typeof ai === 'string') {
      event.preventDefault();
      onChange(field, ai);
    }
  };
  const field = (name: EditableField, control: ReactNode, help?: ReactNode) => (
    <div className="field" key={name}>
      <label htmlFor={`field-${name}`}>{LABELS[name]}</label>
      {control}
      {help}
      <AiValue field={name} ai={detail.ai_values[name]} current={draft[name]} onRevert={() => onChange(name, detail.ai_values[name]?.ai ?? '')} />
    </div>
  );
  const text = (name: EditableField, rows = 0) =>
    rows > 0 ? (
      <textarea id={`field-${name}`} value={draft[name]} rows={rows} onChange={(e) => onChange(name, e.target.value)} onKeyDown={revertKeys(name)} data-testid={`field-${name}`} spellCheck />
    ) : (
      <input id={`field-${name}`} type="text" value={draft[name]} onChange={(e) => onChange(name, e.target.value)} onKeyDown={revertKeys(name)} data-testid={`field-${name}`} spellCheck={name !== 'File_Name'} />
    );
  const altWords = words(draft.alt_text);
  const keywordCount = splitKeywords(draft.Keywords).length;
  return (
    <form className="field-form" onSubmit={(e) => e.preventDefault()} aria-label="Row fields">
      {field('File_Name', text('File_Name'), <p className="help">Letters, digits, - and _, ending .JPG; the name is reserved when you save.</p>)}
      {field('Caption', text('Caption', 3), <p className="help">One sentence, 8–24 words ({words(draft.Caption)} now).</p>)}
      {field(
        'alt_text',
        text('alt_text', 2),
        <p className={altWords < 8 || altWords > 18 ? 'help warn' : 'help'} data-testid="alt-counter">
          {altWords} words, {draft.alt_text.length} characters. Guideline: 8–18 words describing what someone who cannot see the photo needs; different from the caption; no “image of”.
        </p>,
      )}
      {field(
        'Keywords',
        <KeywordsInput value={draft.Keywords} onChange={(v) => onChange('Keywords', v)} suggestions={(suggestions.data?.keywords ?? []).map((k) => k.keyword)} onQuery={setKeywordPrefix} />,
        <p className={keywordCount < 5 || keywordCount > 12 ? 'help warn' : 'help'}>{keywordCount} keywords (5–12).</p>,
      )}
      {field('Subject', text('Subject'))}
      {field('Location', text('Location'))}
      {field('Folder', text('Folder'))}
    </form>
  );
}
