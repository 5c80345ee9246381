import { mockServices } from '@backstage/backend-test-utils';
import { RunbookFollowUpService } from './RunbookFollowUpService';

function service(items: unknown[]) {
  const listAnnotated = jest.fn(async () => [
    {
      entityRef: 'component:default/payments-api',
      value:
        '- alert: HighErrorRate\n  runbook: https://wiki.example.com/5xx\n',
    },
  ]);
  const completeOnFinding = jest.fn(async (id: number) => ({ id } as any));
  const noteFollowUpClosed = jest.fn(async () => undefined);
  const followUps = new RunbookFollowUpService({
    postmortems: {
      getIncident: jest.fn(),
      listActionItems: jest.fn(async () => ({ items: items as any })),
      createRunbookFollowUp: jest.fn(),
      completeOnFinding,
    },
    incidentAlerts: async () => [],
    resolver: { getRunbookTable: jest.fn() },
    catalog: { getOwnerRef: jest.fn(), listAnnotated },
    timeline: { noteFollowUpClosed },
    logger: mockServices.logger.mock(),
  });
  return { followUps, listAnnotated, completeOnFinding, noteFollowUpClosed };
}

describe('RunbookFollowUpService.closeAddressed', () => {
  it('does not read the catalog while no add-runbook follow-up is open', async () => {
    const { followUps, listAnnotated } = service([]);
    expect(await followUps.closeAddressed()).toEqual({ checked: 0, closed: 0 });
    expect(listAnnotated).not.toHaveBeenCalled();
  });

  it('closes only the follow-ups whose alert row names a runbook, and notes each once', async () => {
    const { followUps, completeOnFinding, noteFollowUpClosed } = service([
      {
        id: 1,
        incidentId: 7,
        title: 'Add a runbook for HighErrorRate on payments-api',
        runbookFollowUp: {
          kind: 'add_runbook',
          entityRef: 'component:default/payments-api',
          alertName: 'HighErrorRate',
        },
      },
      {
        id: 2,
        incidentId: 7,
        title: 'Add a runbook for DiskFull on payments-api',
        runbookFollowUp: {
          kind: 'add_runbook',
          entityRef: 'component:default/payments-api',
          alertName: 'DiskFull',
        },
      },
    ]);
    expect(await followUps.closeAddressed()).toEqual({ checked: 2, closed: 1 });
    expect(completeOnFinding).toHaveBeenCalledTimes(1);
    expect(completeOnFinding).toHaveBeenCalledWith(
      1,
      'Closed by Firebreak: component:default/payments-api now has a runbook for HighErrorRate (https://wiki.example.com/5xx)',
    );
    expect(noteFollowUpClosed).toHaveBeenCalledTimes(1);
  });
});
