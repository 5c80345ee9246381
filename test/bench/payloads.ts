// Alertmanager webhook payloads (version "4") for the ingestion benchmark, and the
// fingerprint mix shared by the HTTP run and the knex baseline: each batch repeats
// fingerprints from a bounded set (dedup path) and adds a few new ones (insert path).
import { createHash } from 'node:crypto';

export const ALERTS_PER_BATCH = 10;
export const ENTITY_REF = 'component:default/payments-api';
export const ALERT_NAME = 'BenchLatencyHigh';

/** A 16-hex-digit fingerprint, as Alertmanager sends. */
function fingerprint(seed: string): string {
  return createHash('sha1').update(seed).digest('hex').slice(0, 16);
}

export interface MixOptions {
  /** Size of the bounded set of fingerprints that keep repeating. */
  repeatSet: number;
  /** New, never-seen fingerprints per batch (the rest are repeats). */
  newPerBatch: number;
  /** Distinguishes the new fingerprints of one stream from another's. */
  stream: string;
}

/** Produces batches of fingerprints: `newPerBatch` new ones, the rest repeats. */
export class FingerprintMix {
  readonly repeats: string[];
  private readonly options: MixOptions;
  private nextRepeat = 0;
  private nextNew = 0;

  constructor(options: MixOptions) {
    this.options = options;
    this.repeats = Array.from({ length: options.repeatSet }, (_, i) =>
      fingerprint(`repeat-${i}`),
    );
  }

  /** The bounded set in batches, to open every repeat alert before measuring. */
  seedBatches(): string[][] {
    const batches: string[][] = [];
    for (let i = 0; i < this.repeats.length; i += ALERTS_PER_BATCH) {
      batches.push(this.repeats.slice(i, i + ALERTS_PER_BATCH));
    }
    return batches;
  }

  next(): string[] {
    const { newPerBatch, stream } = this.options;
    const batch: string[] = [];
    for (let i = 0; i < newPerBatch; i++) {
      batch.push(fingerprint(`new-${stream}-${this.nextNew++}`));
    }
    while (batch.length < ALERTS_PER_BATCH) {
      batch.push(this.repeats[this.nextRepeat++ % this.repeats.length]);
    }
    return batch;
  }
}

export function alertLabels(fp: string): Record<string, string> {
  return {
    alertname: ALERT_NAME,
    service: 'payments-api',
    env: 'prod',
    severity: 'warning',
    instance: `10.0.${parseInt(fp.slice(0, 2), 16)}.${parseInt(
      fp.slice(2, 4),
      16,
    )}:9100`,
    job: 'payments-api',
  };
}

export function alertAnnotations(): Record<string, string> {
  return {
    summary: 'p99 authorisation latency above 800 ms',
    description:
      'p99 latency of /authorise has been above 800 ms for 10 minutes',
  };
}

/** One Alertmanager webhook body with an alert per fingerprint. */
export function alertmanagerBody(fingerprints: string[]): string {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  return JSON.stringify({
    version: '4',
    groupKey: '{}:{alertname="BenchLatencyHigh"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'firebreak',
    groupLabels: { alertname: ALERT_NAME },
    commonLabels: {
      alertname: ALERT_NAME,
      service: 'payments-api',
      env: 'prod',
      severity: 'warning',
    },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: fingerprints.map(fp => ({
      status: 'firing',
      labels: alertLabels(fp),
      annotations: alertAnnotations(),
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL:
        'http://prometheus.example.com:9090/graph?g0.expr=histogram_quantile',
      fingerprint: fp,
    })),
  });
}
