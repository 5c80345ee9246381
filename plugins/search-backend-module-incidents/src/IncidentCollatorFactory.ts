import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, ResponseError } from '@backstage/errors';
import { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import {
  Incident,
  INCIDENT_SEARCH_TYPE,
  incidentReadPermission,
  IncidentSearchDocument,
  Page,
  Postmortem,
  POSTMORTEM_SECTIONS,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { Readable } from 'node:stream';

const CONFIG_KEY = 'search.collators.incidents';

/** The largest page the incidents API returns. */
const PAGE_SIZE = 200;

/** Timelines fetched at once: enough to keep a run short, few enough to spare the API. */
const TIMELINE_CONCURRENCY = 4;

/** Options of {@link IncidentCollatorFactory}. */
export type IncidentCollatorFactoryOptions = {
  auth: AuthService;
  discovery: DiscoveryService;
  logger: LoggerService;
  /** Where a result links to; `:ref` becomes `INC-12`. Default `/incidents/:ref`. */
  locationTemplate?: string;
};

/**
 * Collates incidents for Backstage search through the incidents backend's HTTP API,
 * with a service token (so every incident, whatever the searching user may read), one
 * document per incident: its summary, timeline notes and postmortem sections as text.
 * Each document carries its incident id as `authorization.resourceRef` and
 * `incidents.incident.read` as `visibilityPermission`, so search shows a user only the
 * results the permission policy lets them read.
 *
 * @public
 */
export class IncidentCollatorFactory implements DocumentCollatorFactory {
  readonly type = INCIDENT_SEARCH_TYPE;
  readonly visibilityPermission = incidentReadPermission;

  private constructor(
    private readonly options: Required<IncidentCollatorFactoryOptions>,
  ) {}

  /** Reads `search.collators.incidents.locationTemplate`. */
  static fromConfig(
    config: Config,
    options: IncidentCollatorFactoryOptions,
  ): IncidentCollatorFactory {
    const locationTemplate =
      options.locationTemplate ??
      config.getOptionalString(`${CONFIG_KEY}.locationTemplate`) ??
      '/incidents/:ref';
    if (!locationTemplate.includes(':ref')) {
      throw new InputError(
        `${CONFIG_KEY}.locationTemplate must contain :ref, got '${locationTemplate}'`,
      );
    }
    return new IncidentCollatorFactory({ ...options, locationTemplate });
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.collate());
  }

  private async *collate(): AsyncGenerator<IncidentSearchDocument> {
    const baseUrl = await this.options.discovery.getBaseUrl('incidents');
    const postmortems = new Map<number, Postmortem>();
    for await (const postmortem of this.pages<Postmortem>(
      `${baseUrl}/postmortems`,
    )) {
      postmortems.set(postmortem.incidentId, postmortem);
    }
    let count = 0;
    for await (const incidents of this.pageBatches<Incident>(
      `${baseUrl}/incidents`,
    )) {
      const notes = await mapLimited(incidents, TIMELINE_CONCURRENCY, i =>
        this.notesOf(baseUrl, i.id),
      );
      for (const [index, incident] of incidents.entries()) {
        count++;
        yield this.toDocument(
          incident,
          notes[index],
          postmortems.get(incident.id),
        );
      }
    }
    this.options.logger.info(
      `Collated ${count} incidents (${postmortems.size} with a postmortem) for search`,
    );
  }

  private toDocument(
    incident: Incident,
    notes: string[],
    postmortem: Postmortem | undefined,
  ): IncidentSearchDocument {
    const sections = postmortem
      ? POSTMORTEM_SECTIONS.map(({ key, title }) => [
          title,
          postmortem.sections[key]?.trim(),
        ]).filter(([, text]) => text)
      : [];
    const text = [
      incident.description.trim(),
      ...notes,
      ...sections.map(([title, body]) => `${title}: ${body}`),
    ]
      .filter(Boolean)
      .join('\n\n');
    return {
      title: incident.title,
      text,
      location: this.options.locationTemplate.replace(
        /:ref/g,
        encodeURIComponent(incident.ref),
      ),
      ref: incident.ref,
      severity: incident.severity,
      status: incident.status,
      entityRef: incident.entityRef,
      ...(incident.ownerRef && { ownerRef: incident.ownerRef }),
      ...(postmortem && { postmortemStatus: postmortem.status }),
      detectedAt: incident.detectedAt,
      authorization: { resourceRef: String(incident.id) },
    };
  }

  private async notesOf(baseUrl: string, id: number): Promise<string[]> {
    const { items } = await this.getJson<{ items: TimelineEvent[] }>(
      `${baseUrl}/incidents/${id}/timeline`,
    );
    return items
      .filter(event => event.type === 'note')
      .map(event => event.message.trim())
      .filter(Boolean);
  }

  private async *pages<T>(url: string): AsyncGenerator<T> {
    for await (const items of this.pageBatches<T>(url)) {
      yield* items;
    }
  }

  private async *pageBatches<T>(url: string): AsyncGenerator<T[]> {
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (cursor) query.set('cursor', cursor);
      const page = await this.getJson<Page<T>>(`${url}?${query}`);
      yield page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  private async getJson<T>(url: string): Promise<T> {
    // A token per request: a long run must not outlive one token.
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'incidents',
    });
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}

/** `fn` over `items`, at most `limit` at a time, results in the order of `items`. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
