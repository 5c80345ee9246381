/**
 * The Firebreak incidents backend plugin.
 *
 * @packageDocumentation
 */

export { incidentsPlugin as default } from './plugin';
