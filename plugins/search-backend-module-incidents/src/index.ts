/**
 * Search backend module for Firebreak: indexes incidents with their timeline notes and
 * postmortems, and lets search show each user only the incidents they may read.
 *
 * @packageDocumentation
 */

export { searchModuleIncidentsCollator as default } from './module';
export { readIncidentCollatorSchedule } from './module';
export { IncidentCollatorFactory } from './IncidentCollatorFactory';
export type { IncidentCollatorFactoryOptions } from './IncidentCollatorFactory';
