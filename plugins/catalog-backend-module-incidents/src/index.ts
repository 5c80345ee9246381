/**
 * Catalog module that validates Firebreak annotations while the catalog processes entities.
 *
 * @packageDocumentation
 */

export { catalogModuleIncidents as default } from './module';
export { FirebreakAnnotationsProcessor } from './FirebreakAnnotationsProcessor';
