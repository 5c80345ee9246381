/**
 * Isomorphic types and rules shared by the Firebreak frontend and backend.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './lifecycle';
export * from './severity';
export * from './permissions';
export * from './annotations';
export * from './coverRequests';
export * from './statusUpdates';
export * from './timestamps';
export * from './postmortems';
export * from './metrics';
export * from './search';
export * from './maintenance';
