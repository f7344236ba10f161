import { useId, useState, type KeyboardEvent } from 'react';

/** Keywords as the row stores them: comma-separated. */
export const splitKeywords = (text: string): string[] => text.split(',').map((k) => k.trim()).filter((k) => k !== '');

/**
 * Keywords as chips: Enter or comma adds the typed keyword, Backspace in the empty input removes the
 * last one, × removes any. Completion offers keywords already used in the catalog.
 */
export function KeywordsInput({ value, onChange, suggestions, onQuery }: { value: string; onChange: (next: string) => void; suggestions: readonly string[]; onQuery: (prefix: string) => void }) {
  const [typed, setTyped] = useState('');
  const listId = useId();
  const keywords = splitKeywords(value);
  const add = (keyword: string) => {
    const clean = keyword.trim();
    if (clean === '' || keywords.some((k) => k.toLowerCase() === clean.toLowerCase())) return;
    onChange([...keywords, clean].join(', '));
    setTyped('');
  };
  const remove = (index: number) => onChange(keywords.filter((_, i) => i !== index).join(', '));
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if ((event.key === 'Enter' || event.key === ',') && typed.trim() !== '') {
      event.preventDefault();
      add(typed);
    } else if (event.key === 'Backspace' && typed === '' && keywords.length > 0) {
      remove(keywords.length - 1);
    }
  };
  return (
    <div className="keywords">
      <ul className="chips" aria-label="Keywords">
        {keywords.map((keyword, i) => (
          <li key={`${keyword}-${i}`} className="chip">
            <span>{keyword}</span>
            <button type="button" aria-label={`Remove keyword ${keyword}`} onClick={() => remove(i)}>×</button>
          </li>
        ))}
      </ul>
      <input
        type="text"
        value={typed}
        list={listId}
        id="field-Keywords"
        aria-label="Add a keyword"
        placeholder="add a keyword, Enter"
        onChange={(e) => {
          setTyped(e.target.value);
          onQuery(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => add(typed)}
        data-testid="field-Keywords"
      />
      <datalist id={listId}>
        {suggestions.filter((s) => !keywords.includes(s)).map((s) => <option key={s} value={s} />)}
      </datalist>
    </div>
  );
}
