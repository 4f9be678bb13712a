/** The notice after an expansion: a neighbourhood the server cut is never called complete, and the cut is named by its limit. */
import { describe, expect, it } from 'vitest';
import { expansionNotice } from '../../viz/app/expansion-notice.ts';

describe('expansionNotice', () => {
  it('when the neighbourhood was cut and everything loaded was already on screen, then it does not say everything is on screen', () => {
    const notice = expansionNotice('Hub St 1', { added: 0, truncated: true, limit: 150 });

    expect(notice).not.toMatch(/everything/i);
    expect(notice).toBe('Nothing new around Hub St 1 among the nodes loaded; its neighbourhood is larger than the 150 nodes one expansion loads (a hub?), so part of it is not shown.');
  });

  it('when the neighbourhood was cut after adding some nodes, then it names the limit that cut it, not the count added', () => {
    expect(expansionNotice('Hub St 1', { added: 1, truncated: true, limit: 150 })).toBe(
      'Added 1 node around Hub St 1; its neighbourhood is larger than the 150 nodes one expansion loads (a hub?), so part of it is not shown.',
    );
  });

  it('when nothing was cut, then only an expansion that added nothing says so', () => {
    expect(expansionNotice('Liu Jun', { added: 0, truncated: false, limit: 150 })).toBe('Everything around Liu Jun is already on screen.');
    expect(expansionNotice('Liu Jun', { added: 4, truncated: false, limit: 150 })).toBeNull();
  });
});
