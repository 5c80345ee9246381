import { Entity } from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ALERT_MATCH,
  ANNOTATION_ALERTS,
  ANNOTATION_HEARTBEATS,
  ANNOTATION_JIRA_PROJECT,
  ANNOTATION_ONCALL,
  ANNOTATION_RUNBOOK,
  ANNOTATION_SLACK_CHANNEL,
  ANNOTATION_STATUS_PAGE,
  AnnotationParseResult,
  formatAnnotationProblem,
  parseAlertMatchAnnotation,
  parseAlertsAnnotation,
  parseHeartbeatsAnnotation,
  parseJiraProjectAnnotation,
  parseOncallAnnotation,
  parseRunbookAnnotation,
  parseSlackChannelAnnotation,
  parseStatusPageAnnotation,
} from '@firebreak/plugin-incidents-common';

const PARSERS: Record<
  string,
  (text: string) => AnnotationParseResult<unknown>
> = {
  [ANNOTATION_ALERTS]: parseAlertsAnnotation,
  [ANNOTATION_RUNBOOK]: parseRunbookAnnotation,
  [ANNOTATION_ALERT_MATCH]: parseAlertMatchAnnotation,
  [ANNOTATION_ONCALL]: parseOncallAnnotation,
  [ANNOTATION_HEARTBEATS]: parseHeartbeatsAnnotation,
  [ANNOTATION_SLACK_CHANNEL]: parseSlackChannelAnnotation,
  [ANNOTATION_STATUS_PAGE]: parseStatusPageAnnotation,
  [ANNOTATION_JIRA_PROJECT]: parseJiraProjectAnnotation,
};

/**
 * Checks every `firebreak.dev/*` annotation an entity carries and emits one processing
 * error per problem (naming the annotation, line and field). The entity itself is
 * still stored: a typo in a runbook table must not take a service out of the catalog.
 */
export class FirebreakAnnotationsProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'FirebreakAnnotationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const annotations = entity.metadata.annotations ?? {};
    for (const [name, parse] of Object.entries(PARSERS)) {
      const value = annotations[name];
      if (value === undefined) continue;
      const result = parse(value);
      if (!result.ok) {
        for (const problem of result.problems) {
          emit(
            processingResult.inputError(
              location,
              formatAnnotationProblem(problem),
            ),
          );
        }
      }
    }
    return entity;
  }
}
