import {
  OncallNow,
  parseSeverityPolicy,
} from '@firebreak/plugin-incidents-common';
import { planEscalation } from './escalationPlan';

const severities = parseSeverityPolicy(undefined);
const P1 = severities.find(s => s.id === 'P1')!;
const P4 = severities.find(s => s.id === 'P4')!;
const DETECTED = '2026-01-07T12:00:00.000Z';
const minutes = (m: number) => Date.parse(DETECTED) + m * 60_000;

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const DANA = 'user:default/dana';
const LEADS = 'group:default/payments-leads';

const oncall = (extra: Partial<OncallNow> = {}): OncallNow => ({
  groupRef: 'group:default/payments',
  source: 'rotation',
  primary: ALICE,
  secondary: BOB,
  escalation: [DANA],
  members: [ALICE, BOB],
  ...extra,
});

const brief = (plan: ReturnType<typeof planEscalation>) =>
  plan.levels.map(l => [l.level, l.atMs, l.targets]);

describe('planEscalation', () => {
  it('keeps the flat list: the secondary, then each ref, one acknowledgement target apart', () => {
    const plan = planEscalation({
      oncall: oncall(),
      severity: P1,
      detectedAt: DETECTED,
    });
    expect(plan.source).toBe('flat');
    expect(brief(plan)).toEqual([
      [1, minutes(5), [BOB]],
      [2, minutes(10), [DANA]],
    ]);
    // Without a secondary the chain starts with the escalation list, as before.
    expect(
      brief(
        planEscalation({
          oncall: oncall({ secondary: undefined }),
          severity: P1,
          detectedAt: DETECTED,
        }),
      ),
    ).toEqual([[1, minutes(5), [DANA]]]);
  });

  it('has no flat levels for a severity without acknowledgement target, nor without on-call', () => {
    const noTarget = { ...P4, acknowledgeWithin: undefined };
    expect(
      planEscalation({
        oncall: oncall(),
        severity: noTarget,
        detectedAt: DETECTED,
      }).levels,
    ).toEqual([]);
    expect(
      planEscalation({ oncall: undefined, severity: P1, detectedAt: DETECTED })
        .levels,
    ).toEqual([]);
  });

  it('adds up the delays of policy levels and reads primary and secondary now', () => {
    const plan = planEscalation({
      oncall: oncall({
        escalationLevels: [
          { after: 'PT5M', notify: ['secondary'] },
          { after: 'PT10M', notify: [LEADS, 'primary', DANA, 'secondary'] },
        ],
      }),
      severity: P4,
      detectedAt: DETECTED,
    });
    expect(plan.source).toBe('policy');
    expect(brief(plan)).toEqual([
      [1, minutes(5), [BOB]],
      [2, minutes(15), [LEADS, ALICE, DANA, BOB]],
    ]);
  });

  it('uses the levels of the severity when the policy has some, and repeats', () => {
    const policy = oncall({
      escalationLevels: [{ after: 'PT30M', notify: ['secondary'] }],
      escalationBySeverity: {
        P1: [
          { after: 'PT2M', notify: ['secondary'] },
          { after: 'PT3M', notify: [LEADS] },
        ],
      },
      escalationRepeat: 1,
    });
    expect(
      brief(
        planEscalation({ oncall: policy, severity: P1, detectedAt: DETECTED }),
      ),
    ).toEqual([
      [1, minutes(2), [BOB]],
      [2, minutes(5), [LEADS]],
      [3, minutes(7), [BOB]],
      [4, minutes(10), [LEADS]],
    ]);
    expect(
      brief(
        planEscalation({ oncall: policy, severity: P4, detectedAt: DETECTED }),
      ),
    ).toEqual([
      [1, minutes(30), [BOB]],
      [2, minutes(60), [BOB]],
    ]);
  });

  it('keeps a level whose roles nobody fills, with no targets, so later ones stay on time', () => {
    const plan = planEscalation({
      oncall: oncall({
        secondary: undefined,
        escalationLevels: [
          { after: 'PT5M', notify: ['secondary'] },
          { after: 'PT5M', notify: [LEADS] },
        ],
      }),
      severity: P1,
      detectedAt: DETECTED,
    });
    expect(brief(plan)).toEqual([
      [1, minutes(5), []],
      [2, minutes(10), [LEADS]],
    ]);
  });
});
