import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { RegisterCollatorParameters } from '@backstage/plugin-search-backend-node';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { incidentReadPermission } from '@firebreak/plugin-incidents-common';
import {
  readIncidentCollatorSchedule,
  searchModuleIncidentsCollator,
} from './module';

describe('searchModuleIncidentsCollator', () => {
  it('registers the incident collator with the search backend', async () => {
    const collators: RegisterCollatorParameters[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          searchIndexRegistryExtensionPoint,
          {
            addCollator: (c: RegisterCollatorParameters) => collators.push(c),
            addDecorator: () => {},
          },
        ],
      ],
      features: [searchModuleIncidentsCollator],
    });
    expect(collators).toHaveLength(1);
    expect(collators[0].factory.type).toBe('incident');
    expect(collators[0].factory.visibilityPermission).toBe(
      incidentReadPermission,
    );
  });

  it('refuses to start with an invalid schedule', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [
            searchIndexRegistryExtensionPoint,
            { addCollator: () => {}, addDecorator: () => {} },
          ],
        ],
        features: [
          searchModuleIncidentsCollator,
          mockServices.rootConfig.factory({
            data: {
              search: {
                collators: { incidents: { schedule: { frequency: 'often' } } },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/search\.collators\.incidents\.schedule/);
  });
});

describe('readIncidentCollatorSchedule', () => {
  it('defaults to every 10 minutes', () => {
    expect(readIncidentCollatorSchedule(new ConfigReader({}))).toEqual({
      frequency: { minutes: 10 },
      timeout: { minutes: 15 },
      initialDelay: { seconds: 10 },
    });
  });

  it('reads the schedule from config', () => {
    expect(
      readIncidentCollatorSchedule(
        new ConfigReader({
          search: {
            collators: {
              incidents: {
                schedule: {
                  frequency: { seconds: 20 },
                  timeout: { minutes: 1 },
                  initialDelay: { seconds: 2 },
                },
              },
            },
          },
        }),
      ),
    ).toEqual({
      frequency: { seconds: 20 },
      timeout: { minutes: 1 },
      initialDelay: { seconds: 2 },
    });
  });
});
