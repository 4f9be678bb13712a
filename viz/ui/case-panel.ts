/**
 * The case of the open ring, in the details panel under the ring summary:
 * status and assignee, the alert that opened it, the status change (the
 * allowed next statuses, a required reason, the dossier manifest hash when
 * referring), the assignee, the notes thread and the whole history. What a
 * role may do follows the API: a liaison may only mark the case referred and
 * add notes, a viewer reads, only admins and investigators assign.
 */
import type { Role } from '../../engine/index.ts';
import { CASE_TRANSITIONS, type CaseStatus } from '../../engine/model/casework.ts';
import type { CaseDetailView } from '../../api/http/schemas.ts';
import type { ApiClient } from '../remote/client.ts';
import { h, toast } from './dom.ts';

export interface CasePanel {
  element: HTMLElement;
  /** Loads (or reloads) the case of this ring. */
  load(ringId: string): Promise<void>;
  ringId(): string | null;
}

const STATUS_NAMES: Record<CaseStatus, string> = {
  new: 'New',
  triage: 'Triage',
  investigating: 'Investigating',
  referred: 'Referred',
  'closed-confirmed': 'Closed — confirmed',
  'closed-dismissed': 'Closed — dismissed',
};

function when(at: string): string {
  return at.slice(0, 16).replace('T', ' ');
}

function eventLine(e: CaseDetailView['events'][number]): string {
  switch (e.kind) {
    case 'opened':
      return `opened the case${e.reason ? `: ${e.reason}` : ''}`;
    case 'note':
      return 'noted';
    case 'status':
      return `status ${e.from ?? '?'} → ${e.to ?? '?'}${e.manifestHash ? ` (dossier ${e.manifestHash.slice(0, 12)}…)` : ''}`;
    case 'assignee':
      return `assignee ${e.from || 'nobody'} → ${e.to || 'nobody'}`;
    case 'lineage':
      return `lineage: now follows ${(e.ringIds ?? []).join(', ')}`;
  }
}

export function createCasePanel(api: ApiClient, role: Role, onError: (error: unknown) => void): CasePanel {
  const element = h('section', { class: 'detail-section case-panel', data: { testid: 'case-panel' } });
  let current: string | null = null;
  let loading = 0;

  const render = (c: CaseDetailView | null): void => {
    if (c === null) {
      element.replaceChildren(h('h3', {}, 'Case'), h('p', { class: 'muted small', data: { testid: 'no-case' } }, 'No case: no alert has been raised for this ring.'));
      return;
    }
    const apply = (work: Promise<CaseDetailView>, done: string): void => {
      work.then((next) => {
        render(next);
        toast(done);
      }, onError);
    };
    const status = c.status as CaseStatus;
    const parts: HTMLElement[] = [
      h('h3', {}, 'Case'),
      h(
        'div',
        { class: 'case-head' },
        h('span', { class: `badge case-${status}`, data: { testid: 'case-status' } }, STATUS_NAMES[status] ?? status),
        h('span', { class: 'mono small' }, c.id),
        h('span', { class: 'muted small', data: { testid: 'case-assignee' } }, c.assignee ? `assigned to ${c.assignee}` : 'unassigned'),
      ),
      h('p', { class: 'muted small' }, `Opened ${when(c.createdAt)} by alert `, h('span', { class: 'mono', data: { testid: 'case-alert' } }, c.alertId), c.ringIds.length > 1 ? ` · follows ${c.ringIds.join(', ')}` : ''),
    ];

    if (role === 'admin' || role === 'investigator') {
      const next = h('select', { class: 'input', attrs: { 'aria-label': 'New status' }, data: { testid: 'case-next-status' } }, ...CASE_TRANSITIONS[status].map((s) => h('option', { value: s }, STATUS_NAMES[s])));
      const reason = h('textarea', { class: 'input', placeholder: 'Reason (required)', attrs: { rows: '2', 'aria-label': 'Reason' }, data: { testid: 'case-reason' } });
      const hash = h('input', { type: 'text', class: 'input mono', placeholder: 'Dossier manifest SHA-256 (when referring)', attrs: { 'aria-label': 'Manifest hash' }, data: { testid: 'case-hash' } });
      const change = h('button', { class: 'button primary', data: { testid: 'case-change' } }, 'Change status');
      change.addEventListener('click', () => {
        if (!reason.value.trim()) return void (reason.focus(), toast('A status change needs a reason.', 'error'));
        apply(api.setCaseStatus(c.id, { status: next.value, reason: reason.value.trim(), ...(hash.value.trim() ? { manifestHash: hash.value.trim() } : {}) }), `Case ${c.id} is now ${STATUS_NAMES[next.value as CaseStatus]}.`);
      });
      parts.push(h('div', { class: 'case-form' }, next, reason, hash, change));
      const assignee = h('input', { type: 'text', class: 'input', value: c.assignee ?? '', placeholder: 'Assignee', attrs: { 'aria-label': 'Assignee' }, data: { testid: 'case-assignee-input' } });
      const assign = h('button', { class: 'button', data: { testid: 'case-assign' } }, 'Assign');
      assign.addEventListener('click', () => apply(api.setCaseAssignee(c.id, assignee.value.trim() || null), assignee.value.trim() ? `Assigned to ${assignee.value.trim()}.` : 'Unassigned.'));
      parts.push(h('div', { class: 'case-row' }, assignee, assign));
    } else if (role === 'liaison' && CASE_TRANSITIONS[status].includes('referred')) {
      const reason = h('textarea', { class: 'input', placeholder: 'Reason (required): who it went to', attrs: { rows: '2', 'aria-label': 'Reason' }, data: { testid: 'case-reason' } });
      const hash = h('input', { type: 'text', class: 'input mono', placeholder: 'Dossier manifest SHA-256 (optional)', attrs: { 'aria-label': 'Manifest hash' }, data: { testid: 'case-hash' } });
      const refer = h('button', { class: 'button primary', data: { testid: 'case-refer' } }, 'Mark referred');
      refer.addEventListener('click', () => {
        if (!reason.value.trim()) return void (reason.focus(), toast('Say why (or to whom) it was referred.', 'error'));
        apply(api.setCaseStatus(c.id, { status: 'referred', reason: reason.value.trim(), ...(hash.value.trim() ? { manifestHash: hash.value.trim() } : {}) }), `Case ${c.id} marked referred.`);
      });
      parts.push(h('div', { class: 'case-form' }, reason, hash, refer));
    }
    if (role !== 'viewer') {
      const note = h('textarea', { class: 'input', placeholder: 'Add a note…', attrs: { rows: '2', 'aria-label': 'Note' }, data: { testid: 'case-note' } });
      const add = h('button', { class: 'button', data: { testid: 'case-add-note' } }, 'Add note');
      add.addEventListener('click', () => {
        if (!note.value.trim()) return void note.focus();
        apply(api.addCaseNote(c.id, note.value.trim()), 'Note added.');
      });
      parts.push(h('div', { class: 'case-form' }, note, add));
    } else {
      parts.push(h('p', { class: 'muted small', data: { testid: 'case-read-only' } }, 'Viewers read cases; changes need an investigator, admin or liaison token.'));
    }
    parts.push(
      h('h4', {}, 'History'),
      h(
        'ol',
        { class: 'case-history', data: { testid: 'case-history' } },
        ...c.events.map((e) =>
          h(
            'li',
            { class: `case-event kind-${e.kind}`, data: { kind: e.kind } },
            h('div', { class: 'muted small' }, `${when(e.at)} · ${e.author} (${e.role})`),
            h('div', {}, eventLine(e)),
            e.reason && e.kind !== 'opened' ? h('div', { class: 'case-reason' }, `Reason: ${e.reason}`) : null,
            e.text ? h('div', { class: 'case-text' }, e.text) : null,
          ),
        ),
      ),
    );
    element.replaceChildren(...parts);
  };

  return {
    element,
    ringId: () => current,
    async load(ringId) {
      current = ringId;
      const ticket = ++loading;
      try {
        const c = await api.ringCase(ringId);
        if (ticket === loading) render(c);
      } catch (error) {
        if (ticket === loading) element.replaceChildren(h('h3', {}, 'Case'), h('p', { class: 'muted small' }, 'The case could not be read.'));
        onError(error);
      }
    },
  };
}
