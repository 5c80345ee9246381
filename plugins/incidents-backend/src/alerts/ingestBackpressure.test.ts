import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AlertIngestResult,
  AlertSource,
} from '@firebreak/plugin-incidents-node';
import express from 'express';
import request from 'supertest';
import { IngestionAdmission } from './IngestionAdmission';
import { createIngestRouter } from './ingestRouter';

const source: AlertSource = {
  id: 'test',
  parse: body =>
    (body as { names: string[] }).names.map(name => ({
      name,
      status: 'firing' as const,
      fingerprint: name,
      labels: {},
      annotations: {},
    })) as any,
};

describe('alert ingestion under backpressure', () => {
  it('answers 503 with Retry-After when the queue is full, without ingesting anything of that request', async () => {
    const ingested: string[][] = [];
    let release!: () => void;
    const blocked = new Promise<void>(resolve => {
      release = resolve;
    });
    let started!: () => void;
    const firstStarted = new Promise<void>(resolve => {
      started = resolve;
    });
    const ingestion = {
      ingest: async (_source: string, alerts: Array<{ name: string }>) => {
        ingested.push(alerts.map(a => a.name));
        started();
        await blocked;
        return alerts.map(() => ({
          outcome: 'created',
        })) as unknown as AlertIngestResult[];
      },
    };
    const app = express().use(
      createIngestRouter({
        httpAuth: mockServices.httpAuth(),
        auditor: mockServices.auditor.mock(),
        authorizer: { require: async () => undefined },
        sources: [source],
        ingestion: ingestion as any,
        admission: new IngestionAdmission({
          maxConcurrent: 1,
          maxQueued: 0,
          maxWaitMs: 60_000,
        }),
        maxBodyBytes: 1024,
      }),
    );
    const sender = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('external:alertmanager'),
    } as any);
    const post = (names: string[]) =>
      request(app)
        .post('/alerts/test')
        .set('Authorization', sender)
        .send({ names });

    const first = post(['first']).then(r => r);
    await firstStarted;
    const refused = await post(['second']);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body.error.message).toContain('nothing was stored');
    expect(ingested).toEqual([['first']]);

    release();
    expect((await first).status).toBe(202);
    // Once the first is done, the sender's retry goes through.
    const retried = await post(['second']);
    expect(retried.status).toBe(202);
    expect(ingested).toEqual([['first'], ['second']]);
  });
});
