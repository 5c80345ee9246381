import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import { alertIngestPermission } from '@firebreak/plugin-incidents-common';
import { AlertSource } from '@firebreak/plugin-incidents-node';
import express from 'express';
import Router from 'express-promise-router';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { actorOf } from '../http/actor';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { AlertIngestionService } from './AlertIngestionService';
import {
  IngestionAdmission,
  IngestionOverloadedError,
} from './IngestionAdmission';
import { sanitiseAlert } from './sources/sanitiseAlert';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = 'x-firebreak-signature';

/** Optional body signing, from `incidents.alerts.signing`. */
export type SigningSettings = { secret: string; toleranceSeconds: number };

/**
 * `POST /alerts/<source id>` for every alert source. Senders authenticate as Backstage
 * external services (static tokens restricted to `incidents.alert.ingest`), need that
 * permission, and, when a signing secret is configured, sign the raw body. Nothing of a refused request is stored.
 */
export function createIngestRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: Pick<IncidentAuthorizer, 'require'>;
  sources: AlertSource[];
  ingestion: Pick<AlertIngestionService, 'ingest'>;
  /** Bounds how much ingestion runs and waits; beyond it senders get 503. */
  admission: IngestionAdmission;
  maxBodyBytes: number;
  signing?: SigningSettings;
  clock?: () => Date;
}): express.Router {
  const {
    httpAuth,
    auditor,
    authorizer,
    sources,
    ingestion,
    admission,
    maxBodyBytes,
    signing,
  } = options;
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: maxBodyBytes });

  for (const source of sources) {
    router.post(`/alerts/${source.id}`, rawBody, async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      // A token restricted to `incidents.alert.ingest` passes here and nowhere else.
      await authorizer.require(alertIngestPermission, credentials);
      const body: Buffer = Buffer.isBuffer(req.body)
        ? req.body
        : Buffer.alloc(0);
      if (signing) {
        verifySignature(
          req.header(SIGNATURE_HEADER),
          body,
          signing,
          options.clock?.() ?? new Date(),
        );
      }
      // Every source, modules' too: text is made storable after parsing, never refused.
      const alerts = source.parse(parseJson(body)).map(sanitiseAlert);
      const event = await auditor.createEvent({
        eventId: 'alert-ingest',
        request: req,
        severityLevel: 'low',
        meta: { source: source.id, alerts: alerts.length },
      });
      try {
        const results = await admission.run(() =>
          ingestion.ingest(source.id, alerts, actorOf(credentials)),
        );
        await event.success({
          meta: { outcomes: results.map(r => r.outcome) },
        });
        const answer = source.respond?.(results) ?? {
          status: 202,
          body: { results },
        };
        res.status(answer.status).json(answer.body);
      } catch (error) {
        await event.fail({ error: error as Error });
        if (error instanceof IngestionOverloadedError) {
          res
            .status(503)
            .set('Retry-After', String(error.retryAfterSeconds))
            .json({
              error: { name: error.name, message: error.message },
              response: { statusCode: 503 },
            });
          return;
        }
        throw error;
      }
    });
  }

  // Body-parser refusals (too large, unreadable) become clear 4xx answers, not 500s.
  router.use(
    (
      error: any,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error?.type === 'entity.too.large') {
        res.status(413).json({
          error: {
            name: 'PayloadTooLargeError',
            message: `Request body is larger than ${maxBodyBytes} bytes`,
          },
          response: { statusCode: 413 },
        });
        return;
      }
      if (
        typeof error?.type === 'string' &&
        error.type.startsWith('encoding.')
      ) {
        next(new InputError(`Unreadable request body: ${error.message}`));
        return;
      }
      next(error);
    },
  );
  return router;
}

function parseJson(body: Buffer): unknown {
  if (!body.length) {
    throw new InputError('Request body is empty; expected JSON');
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new InputError(
      `Request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** Checks the HMAC signature and its timestamp against the replay window. */
export function verifySignature(
  header: string | undefined,
  body: Buffer,
  signing: SigningSettings,
  now: Date,
) {
  if (!header) {
    throw new AuthenticationError(`Missing ${SIGNATURE_HEADER} header`);
  }
  const parts = Object.fromEntries(
    header.split(',').map(part => {
      const [key, ...rest] = part.trim().split('=');
      return [key, rest.join('=')];
    }),
  );
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1) {
    throw new AuthenticationError(
      `Malformed ${SIGNATURE_HEADER} header; expected t=<unix seconds>,v1=<hex>`,
    );
  }
  if (Math.abs(now.getTime() / 1000 - timestamp) > signing.toleranceSeconds) {
    throw new AuthenticationError(
      'Signature timestamp is outside the replay window',
    );
  }
  const expected = createHmac('sha256', signing.secret)
    .update(`${timestamp}.`)
    .update(body)
    .digest();
  const given = Buffer.from(parts.v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthenticationError('Signature does not match the body');
  }
}

/** Computes the signature header value for a body (for senders and tests). */
export function signBody(
  body: string | Buffer,
  secret: string,
  now = new Date(),
): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', secret)
    .update(`${t}.`)
    .update(body)
    .digest('hex');
  return `t=${t},v1=${v1}`;
}
