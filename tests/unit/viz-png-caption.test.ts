/** The exported ring picture's caption: it names the caller's own masking rule and counts only what the picture draws. */
import { describe, expect, it } from 'vitest';
import type { NodeType } from '../../engine/index.ts';
import { ringPngCaption, type RingCaptionInput } from '../../viz/render/png-caption.ts';

const base: RingCaptionInput = {
  ringId: 'R-5b55e2670a49',
  score: 0.8285,
  size: 19,
  runId: 'run-1',
  exportedAt: new Date('2026-12-08T03:41:00Z'),
  me: { role: 'investigator', personalData: 'all' },
  visible: new Map<NodeType, number>([['seller', 19], ['address', 7], ['shop', 0]]),
};

describe('ringPngCaption', () => {
  it.each([
    [{ role: 'investigator', personalData: 'all' }, 'personal data shown in full'],
    [{ role: 'viewer', personalData: 'none' }, 'personal data masked (pseudonyms)'],
    [{ role: 'liaison', personalData: 'none' }, 'personal data masked (pseudonyms)'],
    [{ role: 'liaison', personalData: 'members' }, "members' personal data only"],
  ] as const)('when the caller is %o, then the subtitle says %j', (me, masking) => {
    const { subtitle } = ringPngCaption({ ...base, me });

    expect(subtitle).toBe(`Run run-1 · exported 2026-12-08 03:41 UTC · role ${me.role}, ${masking}`);
  });

  it('when some types are filtered out or folded away, then the legend lists only the types drawn, with the drawn counts', () => {
    const { legend, title } = ringPngCaption(base);

    expect(title).toBe('Ring R-5b55e2670a49 · score 0.83 · 19 sellers');
    expect(legend).toEqual([
      { type: 'seller', count: 19 },
      { type: 'address', count: 7 },
    ]);
  });
});
