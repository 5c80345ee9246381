/**
 * Backstage search module indexing Firebreak incidents and postmortems.
 *
 * @packageDocumentation
 */
export {};
