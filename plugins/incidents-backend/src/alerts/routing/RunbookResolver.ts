import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_ALERTS,
  ANNOTATION_RUNBOOK,
  AlertRunbookEntry,
  AnnotationProblem,
  formatAnnotationProblem,
  parseAlertsAnnotation,
  parseRunbookAnnotation,
} from '@firebreak/plugin-incidents-common';
import { CatalogGateway, CatalogResult } from '../../catalog/CatalogGateway';

/** Where an alert's runbook came from. */
export type RunbookSource = 'table' | 'entity' | 'alert';

/** What {@link RunbookResolver.resolve} found for an alert. */
export interface RunbookResolution {
  runbookUrl?: string;
  /**
   * `table`: the entity's `firebreak.dev/alerts` row for the alert; `entity`: the
   * entity's `firebreak.dev/runbook`; `alert`: the alert's own annotation.
   */
  runbookFrom?: RunbookSource;
  /** From the alert's table row: the incident severity it opens. */
  severity?: string;
  /** From the alert's table row. */
  description?: string;
  /** From the alert's table row: where the alert is defined or graphed. */
  sourceUrl?: string;
}

/** An entity's runbook table as written in its annotations. */
export interface RunbookTable {
  entries: AlertRunbookEntry[];
  fallbackRunbook?: string;
}

/** Options of {@link RunbookResolver}. */
export interface RunbookResolverOptions {
  gateway: CatalogGateway;
  logger: LoggerService;
}

/** Alert annotations that may carry the alert's own runbook, in order of preference. */
export const ALERT_RUNBOOK_ANNOTATIONS = ['runbook_url', 'runbook'];

const MAX_WARNED = 5_000;

/**
 * Finds the runbook (and the severity, description and source) for an alert from the
 * catalog conventions: the routed entity's `firebreak.dev/alerts` row for the alert,
 * else the entity's `firebreak.dev/runbook`, else the alert's own `runbook_url` /
 * `runbook` annotation when it is an http(s) URL. Malformed annotations are treated as
 * absent and logged once per distinct value. A catalog outage only skips the entity
 * steps; nothing here throws for it.
 */
export class RunbookResolver {
  private readonly gateway: CatalogGateway;
  private readonly logger: LoggerService;
  /** Parsed per fetched entity object, so a cached read is parsed only once. */
  private readonly tables = new WeakMap<Entity, RunbookTable>();
  private readonly warned = new Set<string>();

  /** Creates a resolver; same as the constructor. */
  static create(options: RunbookResolverOptions): RunbookResolver {
    return new RunbookResolver(options);
  }

  constructor(options: RunbookResolverOptions) {
    this.gateway = options.gateway;
    this.logger = options.logger;
  }

  /** The runbook and table details of an alert routed to `entityRef` (if any). */
  async resolve(
    entityRef: string | undefined,
    alert: { name: string; annotations: Record<string, string> },
  ): Promise<RunbookResolution> {
    const result: RunbookResolution = {};
    const table = entityRef ? await this.tableFor(entityRef) : undefined;
    if (table) {
      const row = table.entries.find(entry => entry.alert === alert.name);
      if (row?.severity) result.severity = row.severity;
      if (row?.description) result.description = row.description;
      if (row?.source) result.sourceUrl = row.source;
      if (row?.runbook) {
        return { ...result, runbookUrl: row.runbook, runbookFrom: 'table' };
      }
      if (table.fallbackRunbook) {
        return {
          ...result,
          runbookUrl: table.fallbackRunbook,
          runbookFrom: 'entity',
        };
      }
    }
    for (const key of ALERT_RUNBOOK_ANNOTATIONS) {
      const value = alert.annotations?.[key];
      if (typeof value !== 'string') continue;
      const parsed = parseRunbookAnnotation(value);
      if (parsed.ok) {
        return { ...result, runbookUrl: parsed.value, runbookFrom: 'alert' };
      }
    }
    return result;
  }

  /**
   * The entity's runbook table and fallback runbook (`entityRef` with a kind, e.g.
   * `component:payments-api`). An unknown entity, like one without the annotations, has
   * no entries. Malformed annotations read as absent. A ref that does not parse is an
   * `InputError`.
   */
  async getRunbookTable(
    entityRef: string,
  ): Promise<CatalogResult<RunbookTable>> {
    const read = await this.gateway.getEntity(entityRef);
    if (!read.available) return read;
    return {
      available: true,
      value: read.value ? this.toTable(read.value) : { entries: [] },
    };
  }

  private async tableFor(entityRef: string): Promise<RunbookTable | undefined> {
    try {
      const read = await this.getRunbookTable(entityRef);
      return read.available ? read.value : undefined;
    } catch (error) {
      // An unparseable ref: nothing in the catalog to read, fall back to the alert.
      this.logger.warn(
        `Cannot look up runbooks of '${entityRef}': ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }

  private toTable(entity: Entity): RunbookTable {
    const cached = this.tables.get(entity);
    if (cached) return cached;
    const ref = stringifyEntityRef(entity);
    const annotations = entity.metadata.annotations ?? {};
    const table: RunbookTable = { entries: [] };

    const alerts = annotations[ANNOTATION_ALERTS];
    if (typeof alerts === 'string') {
      const parsed = parseAlertsAnnotation(alerts);
      if (parsed.ok) {
        table.entries = parsed.value;
      } else {
        this.warnMalformed(ref, ANNOTATION_ALERTS, alerts, parsed.problems);
      }
    }
    const runbook = annotations[ANNOTATION_RUNBOOK];
    if (typeof runbook === 'string') {
      const parsed = parseRunbookAnnotation(runbook);
      if (parsed.ok) {
        table.fallbackRunbook = parsed.value;
      } else {
        this.warnMalformed(ref, ANNOTATION_RUNBOOK, runbook, parsed.problems);
      }
    }
    this.tables.set(entity, table);
    return table;
  }

  private warnMalformed(
    ref: string,
    annotation: string,
    value: string,
    problems: AnnotationProblem[],
  ) {
    const key = `${ref}\n${annotation}\n${value}`;
    if (this.warned.has(key)) return;
    if (this.warned.size >= MAX_WARNED) this.warned.clear();
    this.warned.add(key);
    this.logger.warn(
      `Ignoring malformed ${annotation} annotation of ${ref}: ${problems
        .map(formatAnnotationProblem)
        .join('; ')}`,
    );
  }
}

const PLAIN_SCALAR = /^[A-Za-z_][A-Za-z0-9_ .()/+-]*$/;
const RESERVED_WORDS = /^(true|false|null|yes|no|on|off|y|n)$/i;

/**
 * A YAML scalar for `value`: plain when that is unambiguous, otherwise double-quoted
 * (a JSON string is a valid YAML double-quoted scalar), e.g. for `:`, `#`, leading
 * indicators, numbers, booleans or line breaks.
 */
function yamlScalar(value: string): string {
  const plain =
    PLAIN_SCALAR.test(value) &&
    value === value.trim() &&
    !RESERVED_WORDS.test(value);
  return plain ? value : JSON.stringify(value);
}

/**
 * The YAML entry to add to an entity's `firebreak.dev/alerts` for an alert that has no
 * runbook yet; the runbook line is left commented for the owner to fill in.
 */
export function runbookSnippet(
  alertName: string,
  description?: string,
): string {
  const lines = [`- alert: ${yamlScalar(alertName)}`];
  const text = description?.trim();
  if (text) lines.push(`  description: ${yamlScalar(text)}`);
  lines.push('  # runbook: https://...   <- the runbook URL; then uncomment');
  return `${lines.join('\n')}\n`;
}
