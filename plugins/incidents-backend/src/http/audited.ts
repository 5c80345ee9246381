import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import express from 'express';

/** Runs a mutation as an audit event that succeeds or fails with it. */
export type Audited = <T>(
  req: express.Request,
  eventId: string,
  meta: JsonObject,
  run: () => Promise<T>,
) => Promise<T>;

/** Binds {@link Audited} to the plugin's auditor; every write route goes through it. */
export function createAudited(auditor: AuditorService): Audited {
  return async (req, eventId, meta, run) => {
    const event = await auditor.createEvent({
      eventId,
      request: req,
      meta,
      severityLevel: 'medium',
    });
    try {
      const result = await run();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };
}
