import { IncidentsSeedContext } from '@firebreak/plugin-incidents-node';

/**
 * Writes the demo history through the services the seeding context offers.
 * It grows with the plugin: each capability that stores data adds its part here.
 */
export async function seedDemoHistory(context: IncidentsSeedContext) {
  context.logger.info('Demo data: nothing the plugin stores yet');
}
