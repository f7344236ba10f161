import { describe, expect } from 'vitest';
import { REVIEW_STATUSES, type ReviewStatus } from '@proofsheet/core';
import { test, seedRow, readRowState } from '../../test/helpers.js';
import { ACTOR_KINDS, listTransitionPairs, REVIEW_TRANSITIONS, type ActorKind } from './transitions.js';
import { markRowError, transitionRow } from '../sql/transition-row.js';
import type { SqliteDatabase } from '../db/sqlite.js';

function applyTransition(db: SqliteDatabase, id: number, to: ReviewStatus, actor: ActorKind): void {
  if (to === 'Error') markRowError(db, id, { code: 'SCORING_FAILED', message: 'boom', stage: 5 }, { kind: actor });
  else transitionRow(db, id, to, { kind: actor });
}

const pairs = listTransitionPairs();

describe('the Review_Status transition table', () => {
  test('covers every (from, to, actor) triple and allows exactly the listed ones', () => {
    expect(pairs).toHaveLength(REVIEW_STATUSES.length ** 2 * ACTOR_KINDS.length);
    const allowed = pairs.filter((p) => p.allowed).map((p) => `${p.from}→${p.to} by ${p.actor}`);
    expect(allowed).toMatchInlineSnapshot(`
      [
        "Queued→Pending by pipeline",
        "Queued→Metadata_Needs_Work by pipeline",
        "Queued→Error by pipeline",
        "Pending→Metadata_Needs_Work by pipeline",
        "Pending→Metadata_Needs_Work by operator",
        "Pending→Approved by operator",
        "Pending→Rejected by operator",
        "Pending→Error by pipeline",
        "Metadata_Needs_Work→Pending by pipeline",
        "Metadata_Needs_Work→Pending by operator",
        "Metadata_Needs_Work→Approved by operator",
        "Metadata_Needs_Work→Rejected by operator",
        "Metadata_Needs_Work→Error by pipeline",
        "Approved→Pending by operator",
        "Approved→Metadata_Needs_Work by operator",
        "Approved→Rejected by operator",
        "Approved→Published by publisher",
        "Rejected→Pending by operator",
        "Error→Queued by retry",
        "Error→Rejected by operator",
      ]
    `);
    expect(REVIEW_TRANSITIONS.Published).toEqual({});
  });

  test.for(pairs.filter((p) => !p.allowed))('refuses $from → $to by $actor and changes nothing', ({ from, to, actor }, { db }) => {
    const row = seedRow(db, from);
    const before = readRowState(db, row.id);
    expect(() => applyTransition(db, row.id, to, actor)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
    expect(readRowState(db, row.id)).toEqual(before);
  });

  test.for(pairs.filter((p) => p.allowed))('allows $from → $to by $actor and records the decision', ({ from, to, actor }, { db }) => {
    const row = seedRow(db, from);
    applyTransition(db, row.id, to, actor);
    const after = db.prepare('SELECT Review_Status FROM review_queue WHERE id = ?').pluck().get(row.id);
    expect(after).toBe(to);
    const events = db.prepare('SELECT actor, old_value, new_value FROM row_events WHERE row_id = ?').all(row.id) as Array<{ actor: string; old_value: string }>;
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toBe(actor);
  });

  test('the error message names the row, the move and why it is refused', ({ db }) => {
    const row = seedRow(db, 'Published');
    expect(() => transitionRow(db, row.id, 'Pending', { kind: 'operator' })).toThrowErrorMatchingInlineSnapshot(`[ProofsheetError: row 1: operator cannot move Published → Pending: Published is final]`);
    const pending = seedRow(db, 'Pending');
    expect(() => transitionRow(db, pending.id, 'Published', { kind: 'operator' })).toThrowErrorMatchingInlineSnapshot(`[ProofsheetError: row 2: operator cannot move Pending → Published: Pending can move only to Metadata_Needs_Work, Approved, Rejected, Error]`);
    expect(() => transitionRow(db, pending.id, 'Pending', { kind: 'operator' })).toThrowErrorMatchingInlineSnapshot(`[ProofsheetError: row 2: operator cannot move Pending → Pending: it is already Pending]`);
  });

  test('an unknown row is ROW_NOT_FOUND', ({ db }) => {
    expect(() => transitionRow(db, 999, 'Approved', { kind: 'operator' })).toThrow(expect.objectContaining({ code: 'ROW_NOT_FOUND' }));
  });
});
