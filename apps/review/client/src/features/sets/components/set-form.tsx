import { useState, type FormEvent } from 'react';
import type { NewSet } from '@proofsheet/review/api-types';
import { ErrorMessage } from '../../../components/ui/error-message';
import { toSetProblems, useAddSet } from '../api/add-set';

const FIELDS = [
  { name: 'folder', label: 'Folder (absolute path on the server)', placeholder: '/photos/2026/sierra' },
  { name: 'subject', label: 'Subject', placeholder: 'Sierra' },
  { name: 'location', label: 'Location', placeholder: 'País Vasco' },
  { name: 'category', label: 'Category', placeholder: 'Landscapes' },
] as const;

const EMPTY: NewSet = { folder: '', subject: '', location: '', category: '' };

/** Adds a set: the server checks the folder and fields and lists every problem at once. */
export function SetForm() {
  const [value, setValue] = useState<NewSet>(EMPTY);
  const add = useAddSet();
  const problems = toSetProblems(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(value, { onSuccess: () => setValue(EMPTY) });
  };
  return (
    <form className="set-form" data-testid="set-form" onSubmit={submit} aria-labelledby="set-form-title">
      <h2 id="set-form-title">Add a set</h2>
      {FIELDS.map((field) => (
        <label key={field.name}>
          {field.label}
          <input name={field.name} value={value[field.name]} placeholder={field.placeholder} required onChange={(e) => setValue((v) => ({ ...v, [field.name]: e.target.value }))} />
        </label>
      ))}
      <div className="set-form-actions">
        <button type="submit" disabled={add.isPending}>{add.isPending ? 'Checking the folder…' : 'Add set'}</button>
        <span role="status" aria-live="polite" data-testid="set-added">
          {add.isSuccess ? `Set ${add.data.set_id} added: ${add.data.files} photo(s)${add.data.other_files > 0 ? `, ${add.data.other_files} other file(s) left out` : ''}${add.data.preview_name !== null ? `; first name ${add.data.preview_name}` : ''}.` : ''}
        </span>
      </div>
      {problems.length > 0 ? (
        <div className="error-message" role="alert">
          <p className="error-title">{`The set was not added: ${problems.length} problem(s). Nothing was written; fix every one and add it again.`}</p>
          <ul className="set-problems" data-testid="set-problems">
            {problems.map((p, index) => <li key={`${index}-${p.field}`}><strong>{p.field}</strong>{`: ${p.message}`}</li>)}
          </ul>
        </div>
      ) : add.isError ? <ErrorMessage error={add.error} title="The set was not added" /> : null}
    </form>
  );
}
