import { describe, expect, it } from 'vitest';
import { planShareActions } from '../../lifecycle-handlers/portfolio-share/share-plan';

const settings = { shareTagOptions: true, sharePrincipals: true };

describe('share plan', () => {
  it('creates missing shares, without principal sharing for accounts (Service Catalog refuses it there)', () => {
    const actions = planShareActions({
      desired: [
        { type: 'ORGANIZATIONAL_UNIT', value: 'ou-exmp-11111111' },
        { type: 'ACCOUNT', value: '444444444444' },
      ],
      previouslyManaged: [],
      existing: [],
      settings,
    });
    expect(actions).toEqual([
      { kind: 'create', target: { type: 'ORGANIZATIONAL_UNIT', value: 'ou-exmp-11111111' }, settings },
      {
        kind: 'create',
        target: { type: 'ACCOUNT', value: '444444444444' },
        settings: { shareTagOptions: true, sharePrincipals: false },
      },
    ]);
  });

  it('updates a share whose settings changed instead of recreating it, and leaves matching shares alone', () => {
    const actions = planShareActions({
      desired: [
        { type: 'ORGANIZATIONAL_UNIT', value: 'ou-exmp-11111111' },
        { type: 'ORGANIZATIONAL_UNIT', value: 'ou-exmp-22222222' },
      ],
      previouslyManaged: [],
      existing: [
        { type: 'ORGANIZATIONAL_UNIT', value: 'ou-exmp-11111111', shareTagOptions: false, sharePrincipals: true },
        { type: 'ORGANIZATIONAL_UNIT', value: 'ou-exmp-22222222', shareTagOptions: true, sharePrincipals: true },
      ],
      settings,
    });
    expect(actions).toEqual([
      { kind: 'update', target: { type: 'ORGANIZATIONAL_UNIT', value: 'ou-exmp-11111111' }, settings },
    ]);
  });

  it('removes only the shares it made that left the manifest, never a share made by hand', () => {
    const actions = planShareActions({
      desired: [],
      previouslyManaged: [{ type: 'ACCOUNT', value: '444444444444' }],
      existing: [
        { type: 'ACCOUNT', value: '444444444444', shareTagOptions: true, sharePrincipals: false },
        { type: 'ACCOUNT', value: '999999999999', shareTagOptions: true, sharePrincipals: false },
      ],
      settings,
    });
    expect(actions).toEqual([{ kind: 'delete', target: { type: 'ACCOUNT', value: '444444444444' } }]);
  });
});
