/**
 * Extension points for modules of the Firebreak incidents backend.
 *
 * @packageDocumentation
 */

export * from './seeding';
export * from './alertSources';
