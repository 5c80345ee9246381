import {
  FiveWhy,
  PostmortemSections,
} from '@firebreak/plugin-incidents-common';

/** An alert as Prometheus sends it for a scenario: its name and its own summary. */
export type DemoAlert = {
  name: string;
  /** What the alert says when it fires, in the terms of the entity's alert table. */
  summary: string;
};

/** What the team writes up after a P1/P2 of a scenario. */
export type DemoPostmortem = Pick<
  PostmortemSections,
  | 'summary'
  | 'impact'
  | 'fault'
  | 'response'
  | 'recovery'
  | 'rootCause'
  | 'lessonsWentWell'
  | 'lessonsWentWrong'
> & { fiveWhys: FiveWhy[] };

/** A follow-up a postmortem of the scenario may ask for. */
export type DemoActionItem = { title: string; priority: 'P1' | 'P2' | 'P3' };

/** One kind of trouble a service has, and everything the demo writes about it. */
export type DemoScenario = {
  /** Stable name, used to pick the open incidents. */
  id: string;
  title: string;
  description: string;
  /** The alert that fires for it; none when customers or support report it. */
  alert?: DemoAlert;
  /** The severities that fit, with weights (a checkout outage P1/P2, a cert expiry P4/P5). */
  severities: Partial<Record<'P1' | 'P2' | 'P3' | 'P4' | 'P5', number>>;
  /** How often it happens, relative to the service's other scenarios. */
  weight: number;
  /** What responders write while investigating. */
  notes: string[];
  identified: string;
  fixed: string;
  /** Present when the scenario can be P1/P2 (the severity policy requires a postmortem). */
  postmortem?: DemoPostmortem;
  actionItems: DemoActionItem[];
};

/** A catalog entity, the people who answer for it and what goes wrong with it. */
export type DemoService = {
  entityRef: string;
  /** Its owner, as the example catalog names it. */
  ownerRef: string;
  /** Members who respond, first one leads the open incidents. */
  team: string[];
  /** Prefix of its tickets in the tracker. */
  ticketProject: string;
  scenarios: DemoScenario[];
};

// Several teams' scenarios share one root cause on purpose: configuration changes that
// bypass the canary stage are a company-wide habit, and search finds them across teams.
const CANARY = 'Configuration changes skipped the canary stage';

/** The example catalog's services (see `examples/entities.yaml`) and their troubles. */
export const DEMO_SERVICES: DemoService[] = [
  {
    entityRef: 'component:default/payments-api',
    ownerRef: 'group:default/payments',
    team: ['alice', 'bob', 'carol', 'guest'],
    ticketProject: 'PAY',
    scenarios: [
      {
        id: 'payments-webhooks',
        title: 'Merchant webhook deliveries retrying',
        description: 'Payment notifications reach some merchants late.',
        alert: {
          name: 'WebhookDeliveryRetries',
          summary:
            '1,240 webhook deliveries waiting for retry, oldest 25 minutes',
        },
        severities: { P4: 1, P5: 1 },
        weight: 2,
        notes: ['All retries go to one merchant whose endpoint answers 502.'],
        identified: 'One merchant endpoint failing',
        fixed: 'Merchant fixed their endpoint; queue drained',
        actionItems: [],
      },
      {
        id: 'payments-pool-5xx',
        title: 'Payments API returning 5xx after a connection pool change',
        description:
          'Card payments fail with 503 at checkout; the database connection pool is exhausted.',
        alert: {
          name: 'HighErrorRate',
          summary: '5xx ratio at 6.1% for 5 minutes (threshold 2%)',
        },
        severities: { P1: 1, P2: 3 },
        weight: 1.5,
        notes: [
          'Connection pool at 20/20 on every pod, requests queue for a connection and time out.',
          'The pool size went from 40 to 20 in this morning’s config release; reverting it.',
        ],
        identified: 'Pool size halved by the last config release',
        fixed: 'Config release reverted, pool back to 40 connections',
        postmortem: {
          summary:
            'A configuration release halved the payments API’s database connection pool. Under the lunchtime peak the pool ran dry and card payments failed until the release was reverted.',
          impact:
            'About 6% of card payments failed at checkout while it lasted; customers could retry. No payment was captured twice and no data was lost.',
          fault:
            'The pool size was set to 20 per pod, below the 35 connections a pod needs at peak.',
          response:
            'The on-call saw the pool saturation panel, matched it to the config release and reverted it.',
          recovery:
            'Error rates returned to baseline two minutes after the revert reached every pod.',
          rootCause: `${CANARY}: the pool size change reached every pod at once, so no canary showed the saturation first.`,
          lessonsWentWell:
            '- The 5xx alert fired within two minutes\n- The runbook pointed at the pool saturation panel',
          lessonsWentWrong:
            '- The config release had no canary\n- Nobody reviewed the pool size against peak load',
          fiveWhys: [
            {
              question: 'Why did card payments fail?',
              answer: 'Every pod ran out of database connections at peak.',
            },
            {
              question: 'Why did they run out?',
              answer:
                'The config release set the pool to 20 connections instead of 40.',
            },
            {
              question: 'Why did nobody notice before peak?',
              answer:
                'The release went to every pod at once; no canary ran under load.',
            },
            {
              question: 'Why was there no canary?',
              answer:
                'Configuration changes skip the canary stage that code releases go through.',
            },
          ],
        },
        actionItems: [
          {
            title:
              'Route payments configuration releases through the canary stage',
            priority: 'P1',
          },
          {
            title: 'Alert on connection pool saturation above 80%',
            priority: 'P2',
          },
          {
            title: 'Add the config revert command to the payments 5xx runbook',
            priority: 'P3',
          },
          {
            title: 'Validate pool sizes against the peak load model in CI',
            priority: 'P2',
          },
        ],
      },
      {
        id: 'card-processor-down',
        title: 'Card processor refusing authorisations',
        description:
          'Every authorisation to the acquirer fails; customers cannot pay by card.',
        alert: {
          name: 'CardProcessorDown',
          summary:
            'The card processor refused every request for 3 minutes (HTTP 403 from the acquirer)',
        },
        severities: { P1: 1, P2: 2 },
        weight: 1.5,
        notes: [
          'Acquirer status page is green; the 403s only hit our traffic.',
          'Our egress moved to new NAT addresses yesterday; the acquirer allow-lists by IP.',
        ],
        identified: 'New egress addresses missing from the acquirer allow-list',
        fixed: 'Egress pinned back to the allow-listed addresses',
        postmortem: {
          summary:
            'The acquirer refused every card authorisation after our egress moved to new NAT addresses that were not on its allow-list.',
          impact:
            'No card payment could be authorised for the duration; wallet payments were unaffected. Support took 140 contacts.',
          fault:
            'Outbound traffic to the acquirer left from addresses the acquirer did not know.',
          response:
            'The on-call escalated to the acquirer, who confirmed the refusals were IP-based; platform pinned the old egress addresses.',
          recovery:
            'Authorisations succeeded again as soon as traffic left from the old addresses.',
          rootCause:
            'The network change process has no step for partners who allow-list our addresses.',
          lessonsWentWell:
            '- The alert paged within a minute\n- The acquirer answered quickly',
          lessonsWentWrong:
            '- Nobody knew the acquirer allow-lists by IP\n- There is no automatic fallback to the second acquirer',
          fiveWhys: [
            {
              question: 'Why were authorisations refused?',
              answer: 'The acquirer rejected traffic from unknown addresses.',
            },
            {
              question: 'Why were our addresses unknown?',
              answer: 'Egress moved to new NAT addresses the day before.',
            },
            {
              question: 'Why was the acquirer not told?',
              answer: 'The network change checklist has no step for partners.',
            },
            {
              question: 'Why is there no such step?',
              answer:
                'Nobody recorded which partners allow-list our addresses.',
            },
          ],
        },
        actionItems: [
          {
            title:
              'Register egress address changes with the acquirer before rollout',
            priority: 'P1',
          },
          {
            title:
              'Fail over to the secondary acquirer when authorisations fail',
            priority: 'P2',
          },
          {
            title:
              'List partners that allow-list our IPs in the network runbook',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'payments-latency',
        title: 'Payment authorisation latency above 800 ms',
        description:
          'Authorisations are slow; checkout spinners run for several seconds.',
        alert: {
          name: 'PaymentLatencyHigh',
          summary:
            'p99 authorisation latency at 1.6 s for 10 minutes (threshold 800 ms)',
        },
        severities: { P2: 1, P3: 4 },
        weight: 3,
        notes: [
          'Traces show the time spent in the fraud-scoring call, not at the acquirer.',
        ],
        identified: 'Fraud-scoring calls slow and without a timeout',
        fixed: 'Timeout of 200 ms on fraud scoring deployed',
        postmortem: {
          summary:
            'The fraud-scoring service slowed down and, with no timeout on the call, held payment requests for seconds.',
          impact:
            'Checkout took up to 6 s to authorise; 2% of shoppers abandoned the payment step.',
          fault:
            'The fraud-scoring call in the authorisation path waited as long as the service took.',
          response:
            'Traces pointed at fraud scoring; the team deployed a timeout that falls back to rule-based scoring.',
          recovery: 'p99 latency fell to 420 ms once the timeout was live.',
          rootCause:
            'A synchronous call to a dependency without a timeout was added to the authorisation path.',
          lessonsWentWell: '- Tracing showed the slow span immediately',
          lessonsWentWrong:
            '- The call had no timeout or fallback\n- Fraud scoring has no latency alert of its own',
          fiveWhys: [
            {
              question: 'Why were authorisations slow?',
              answer: 'Requests waited on the fraud-scoring service.',
            },
            {
              question: 'Why did they wait so long?',
              answer: 'The call had no timeout.',
            },
            {
              question: 'Why was there no timeout?',
              answer:
                'The call was added as a quick integration without a review of the authorisation path.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Set timeouts on every call in the authorisation path',
            priority: 'P1',
          },
          {
            title: 'Score low-risk payments asynchronously',
            priority: 'P3',
          },
          {
            title:
              'Add a fraud-scoring latency panel to the payments dashboard',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'duplicate-captures',
        title: 'Duplicate captures reported by customers',
        description: 'Support reports customers charged twice for one order.',
        severities: { P2: 2, P3: 1 },
        weight: 1.5,
        notes: [
          'Found 212 orders captured twice since 09:40, all retried after a gateway timeout.',
          'Refunds for the duplicates queued with the finance team.',
        ],
        identified: 'Capture retries sent without an idempotency key',
        fixed: 'Idempotency key restored on capture retries',
        postmortem: {
          summary:
            'After a gateway timeout, the payments API retried captures without an idempotency key and the acquirer captured some payments twice.',
          impact:
            '212 customers were charged twice; all were refunded within two days. Support handled 90 contacts.',
          fault:
            'The retry path built a new capture request instead of reusing the original one.',
          response:
            'Support escalated; the team matched duplicates by order id and stopped retries.',
          recovery:
            'Retries were paused, the fix deployed and duplicates refunded from a reconciliation query.',
          rootCause:
            'A refactor of the retry path dropped the idempotency key, and no test covers retried captures.',
          lessonsWentWell: '- Support spotted the pattern within an hour',
          lessonsWentWrong:
            '- Customers found it before we did\n- No alert watches captures per order',
          fiveWhys: [
            {
              question: 'Why were customers charged twice?',
              answer:
                'Captures were retried after a gateway timeout and both attempts went through.',
            },
            {
              question: 'Why did both go through?',
              answer: 'The retry carried no idempotency key.',
            },
            {
              question: 'Why was the key missing?',
              answer: 'A refactor of the retry path built a new request.',
            },
            {
              question: 'Why did tests not catch it?',
              answer: 'No test covers a retried capture.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Test retried captures against the acquirer sandbox',
            priority: 'P1',
          },
          {
            title: 'Alert when an order has more than one capture',
            priority: 'P2',
          },
          {
            title: 'Document the duplicate-refund query in the runbook',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'payments-crashloop',
        title: 'Payments API pods crash-looping after deploy',
        description: 'New pods are OOM-killed at start; the rollout stalled.',
        alert: {
          name: 'PodCrashLooping',
          summary:
            'Pod payments-api-7d9f4 restarted 6 times in 10 minutes (OOMKilled)',
        },
        severities: { P2: 1, P3: 3 },
        weight: 3,
        notes: ['Heap grows to the 512 MiB limit while the BIN table loads.'],
        identified: 'New release needs more memory at start than the pod limit',
        fixed: 'Rolled back; memory limit raised for the next release',
        postmortem: {
          summary:
            'A release that loads the card BIN table into memory at start was OOM-killed on every new pod; old pods carried the traffic until the rollback.',
          impact:
            'Capacity halved for 40 minutes; latency rose but payments kept working.',
          fault: 'New pods exceeded their 512 MiB memory limit while starting.',
          response:
            'The on-call paused the rollout and rolled back to the previous release.',
          recovery: 'Capacity came back as the old pods were rescheduled.',
          rootCause:
            'The release changed memory needs at start, and the rollout does not check new pods stay up before moving on.',
          lessonsWentWell: '- Old pods kept serving while new ones failed',
          lessonsWentWrong:
            '- The rollout kept replacing healthy pods\n- Load tests ran with a larger limit than production',
          fiveWhys: [
            {
              question: 'Why did new pods crash?',
              answer: 'They were OOM-killed at start.',
            },
            {
              question: 'Why did they need more memory?',
              answer: 'The release loads the BIN table into memory.',
            },
            {
              question: 'Why was the limit not raised?',
              answer: 'Load tests ran with a larger limit than production.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Stop rollouts when new pods restart',
            priority: 'P2',
          },
          {
            title: 'Run load tests with production memory limits',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'payments-cert',
        title: 'TLS certificate of payments.example.com expires soon',
        description: 'The certificate renewal job did not run this month.',
        alert: {
          name: 'CertificateExpiringSoon',
          summary:
            'TLS certificate for payments.example.com expires in 12 days (threshold 14 days)',
        },
        severities: { P4: 2, P5: 1 },
        weight: 2,
        notes: ['Renewal job failed on an expired DNS API token.'],
        identified: 'Renewal job failing on an expired DNS API token',
        fixed: 'Token rotated and certificate renewed',
        actionItems: [],
      },
    ],
  },
  {
    entityRef: 'component:default/ledger-worker',
    ownerRef: 'group:default/payments',
    team: ['alice', 'bob', 'carol'],
    ticketProject: 'PAY',
    scenarios: [
      {
        id: 'ledger-dead-letters',
        title: 'Ledger dead-letter queue not empty',
        description:
          'A few payments could not be booked and wait for a person.',
        alert: {
          name: 'LedgerDeadLetters',
          summary:
            '7 messages in the ledger dead-letter queue for over an hour',
        },
        severities: { P4: 1, P5: 1 },
        weight: 2,
        notes: ['All seven are test-mode payments from a sandbox merchant.'],
        identified: 'Sandbox payments routed to the live ledger',
        fixed: 'Messages discarded; sandbox routing corrected',
        actionItems: [],
      },
      {
        id: 'ledger-backlog',
        title: 'Ledger queue backlog above 10k',
        description:
          'Captured payments wait to be booked; merchant balances lag behind.',
        alert: {
          name: 'LedgerQueueBacklog',
          summary: '14,200 unbooked payments for 15 minutes (threshold 10k)',
        },
        severities: { P2: 2, P3: 3 },
        weight: 2,
        notes: [
          'Month-end refund batch of 60k entries arrived at once.',
          'Scaled the worker to 8 replicas; backlog draining at 900/min.',
        ],
        identified: 'Refund batch larger than the worker books serially',
        fixed: 'Worker scaled out, backlog drained',
        postmortem: {
          summary:
            'A month-end refund batch queued faster than the ledger worker books, and merchant balances fell 40 minutes behind.',
          impact:
            'Merchant dashboards showed stale balances; payouts were delayed by an hour. No booking was lost.',
          fault:
            'The worker books one entry per transaction and ran at its fixed two replicas.',
          response:
            'The on-call scaled the worker out by hand and watched the backlog drain.',
          recovery: 'The backlog was empty 50 minutes after scaling out.',
          rootCause:
            'The worker does not scale with its queue, and batch senders are not rate-limited.',
          lessonsWentWell: '- The backlog alert fired well before payouts',
          lessonsWentWrong:
            '- Scaling was manual\n- Finance did not know the batch would be that large',
          fiveWhys: [
            {
              question: 'Why did balances lag?',
              answer: 'Payments waited in the ledger queue.',
            },
            {
              question: 'Why did the queue grow?',
              answer: 'A 60k refund batch arrived at once.',
            },
            {
              question: 'Why could the worker not keep up?',
              answer:
                'It books serially on two fixed replicas and does not scale with its queue.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Autoscale the ledger worker on queue depth',
            priority: 'P1',
          },
          {
            title: 'Book ledger entries in batches of 100',
            priority: 'P2',
          },
          {
            title: 'Rate-limit bulk refund imports',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'ledger-reconciliation',
        title: 'Nightly reconciliation mismatch',
        description:
          'The ledger and the processor’s settlement report disagree.',
        alert: {
          name: 'LedgerReconciliationMismatch',
          summary:
            'Nightly reconciliation found 37 differences between the ledger and the settlement report',
        },
        severities: { P3: 1, P4: 2 },
        weight: 3,
        notes: [
          'All differences are refunds settled after the cut-off; timing, not money.',
        ],
        identified: 'Late refunds counted on different days',
        fixed: 'Cut-off aligned with the processor’s time zone',
        actionItems: [],
      },
      {
        id: 'ledger-crashloop',
        title: 'Ledger worker crash-looping on a malformed message',
        description:
          'The worker restarts on the same message and books nothing.',
        alert: {
          name: 'PodCrashLooping',
          summary:
            'Pod ledger-worker-5c44b restarted 8 times in 10 minutes (exit code 1)',
        },
        severities: { P2: 1, P3: 2 },
        weight: 1.5,
        notes: [
          'Stack trace: unknown currency code "HRK" in the booking rules.',
        ],
        identified: 'Message with a retired currency crashes the worker',
        fixed: 'Message moved to the dead-letter queue; worker booking again',
        postmortem: {
          summary:
            'A payment in a retired currency crashed the ledger worker on every retry, and booking stopped until the message was moved aside.',
          impact:
            'No payment was booked for 35 minutes; the backlog cleared within an hour after the fix.',
          fault:
            'The booking rules throw on an unknown currency, and the worker exits on any error.',
          response:
            'The on-call read the crash log, moved the message to the dead-letter queue by hand and restarted the worker.',
          recovery: 'Booking resumed and the backlog drained.',
          rootCause:
            'Messages that cannot be booked crash the worker instead of going to the dead-letter queue.',
          lessonsWentWell: '- The crash log named the currency',
          lessonsWentWrong:
            '- One bad message stopped all booking\n- Moving a message aside is undocumented',
          fiveWhys: [
            {
              question: 'Why did booking stop?',
              answer: 'The worker crashed on the same message again and again.',
            },
            {
              question: 'Why did it crash?',
              answer:
                'The message had a retired currency the booking rules reject.',
            },
            {
              question: 'Why did one message stop everything?',
              answer:
                'Errors crash the worker instead of sending the message to the dead-letter queue.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Send unbookable messages to the dead-letter queue',
            priority: 'P1',
          },
          {
            title: 'Alert on dead-letter queue growth',
            priority: 'P3',
          },
          {
            title: 'Document moving a message to the dead-letter queue',
            priority: 'P3',
          },
        ],
      },
    ],
  },
  {
    entityRef: 'component:default/checkout-web',
    ownerRef: 'group:default/storefront',
    team: ['grace', 'heidi', 'ivan'],
    ticketProject: 'SHOP',
    scenarios: [
      {
        id: 'checkout-web-vitals',
        title: 'Checkout largest contentful paint above 2.5 s',
        description: 'Checkout pages render slowly on mobile.',
        alert: {
          name: 'WebVitalsDegraded',
          summary:
            'p75 largest contentful paint on checkout at 3.1 s (target 2.5 s)',
        },
        severities: { P4: 1, P5: 1 },
        weight: 2,
        notes: [
          'The hero image on the basket step is served unresized, 2.4 MB.',
        ],
        identified: 'Basket image served at full size',
        fixed: 'Image resized and cached at the CDN',
        actionItems: [],
      },
      {
        id: 'checkout-conversion',
        title: 'Checkout conversion dropped after a feature flag change',
        description: 'Shoppers reach checkout but few complete the order.',
        alert: {
          name: 'CheckoutConversionDrop',
          summary:
            'Checkout completions 46% below the weekly baseline for 20 minutes (threshold 40%)',
        },
        severities: { P1: 1, P2: 2 },
        weight: 1.5,
        notes: [
          'The new one-page checkout flag went to 100% at 14:05; the drop starts at 14:06.',
          'Flag turned off; completions recovering.',
        ],
        identified: 'New checkout flag hides the pay button on small screens',
        fixed: 'Flag off for everyone',
        postmortem: {
          summary:
            'A feature flag switched every shopper to the new one-page checkout, whose pay button was off-screen on small phones.',
          impact:
            'Completed orders fell by 46% for 35 minutes, about 1,900 orders lost or delayed.',
          fault:
            'On viewports narrower than 380 px the pay button rendered below the fold with scrolling disabled.',
          response:
            'The on-call matched the drop to the flag change and turned the flag off.',
          recovery: 'Completions were back at baseline within ten minutes.',
          rootCause: `${CANARY}: the feature flag went to all shoppers at once instead of 5% first.`,
          lessonsWentWell: '- The conversion alert caught it in minutes',
          lessonsWentWrong:
            '- Flags can go to 100% in one step\n- Small phones are missing from the visual tests',
          fiveWhys: [
            {
              question: 'Why did orders drop?',
              answer:
                'Shoppers on small phones could not reach the pay button.',
            },
            {
              question: 'Why could they not reach it?',
              answer: 'The new one-page checkout rendered it off-screen.',
            },
            {
              question: 'Why did every shopper get it?',
              answer: 'The flag went from 0% to 100% in one step.',
            },
            {
              question: 'Why was that possible?',
              answer:
                'Configuration changes, flags included, skip the canary stage.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Require a 5% canary step for checkout flags',
            priority: 'P1',
          },
          {
            title: 'Add small phone viewports to the visual tests',
            priority: 'P2',
          },
          {
            title: 'Show flag changes on the checkout dashboard',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'checkout-js-errors',
        title: 'JavaScript errors spike on checkout',
        description: 'The address step throws for some shoppers.',
        alert: {
          name: 'FrontendErrorsSpike',
          summary:
            'JavaScript errors in 3.2% of checkout sessions (threshold 1%)',
        },
        severities: { P2: 1, P3: 4 },
        weight: 3,
        notes: [
          'TypeError in the address-lookup widget, loaded from the vendor’s CDN.',
        ],
        identified: 'Address-lookup vendor changed its script’s API',
        fixed: 'Pinned the vendor script to the previous version',
        postmortem: {
          summary:
            'The address-lookup vendor published a breaking change to its script, which checkout loads unpinned; the address step failed for shoppers using it.',
          impact:
            'About 3% of checkout sessions could not enter an address; most typed it by hand.',
          fault: 'The vendor’s script renamed a callback our widget relies on.',
          response:
            'The team found the TypeError in error tracking and pinned the previous script version.',
          recovery: 'Errors fell to baseline once the pinned version shipped.',
          rootCause:
            'Checkout loads a third-party script without a pinned version or integrity check.',
          lessonsWentWell: '- Error tracking grouped the errors by release',
          lessonsWentWrong:
            '- A vendor change reached production without us releasing anything',
          fiveWhys: [
            {
              question: 'Why did the address step fail?',
              answer: 'The address-lookup widget threw a TypeError.',
            },
            {
              question: 'Why did it throw?',
              answer: 'The vendor renamed a callback in its script.',
            },
            {
              question: 'Why did the change reach us?',
              answer: 'Checkout loads the vendor script unpinned.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Pin third-party scripts with subresource integrity',
            priority: 'P2',
          },
          {
            title: 'Fall back to manual address entry when the widget fails',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'checkout-safari',
        title: 'Checkout page blank in Safari',
        description: 'Safari users see an empty checkout page.',
        alert: {
          name: 'SyntheticCheckFailed',
          summary:
            'Synthetic checkout journey failed in Safari from 3 of 3 locations',
        },
        severities: { P2: 1, P3: 2 },
        weight: 1.5,
        notes: [
          'SyntaxError in Safari 15 on the checkout bundle; Chrome and Firefox fine.',
        ],
        identified: 'Bundle ships syntax older Safari cannot parse',
        fixed: 'Browser targets restored, bundle rebuilt',
        postmortem: {
          summary:
            'A build change dropped older Safari from the browser targets and the checkout bundle no longer parsed there.',
          impact:
            'Shoppers on Safari 15 and older, about 8% of sessions, saw a blank checkout for 2 hours.',
          fault:
            'The bundle used class static blocks, which Safari 15 does not support.',
          response:
            'The synthetic check paged; the team bisected the build config and restored the targets.',
          recovery: 'Safari sessions completed orders again after the rebuild.',
          rootCause:
            'Browser tests run only in Chromium, so a change of build targets went unnoticed.',
          lessonsWentWell: '- The synthetic Safari check caught it',
          lessonsWentWrong:
            '- Build target changes are not reviewed by the storefront team',
          fiveWhys: [
            {
              question: 'Why was checkout blank in Safari?',
              answer: 'The bundle did not parse in Safari 15.',
            },
            {
              question: 'Why not?',
              answer: 'It used syntax Safari 15 does not support.',
            },
            {
              question: 'Why did the build emit it?',
              answer: 'The browser targets dropped older Safari.',
            },
            {
              question: 'Why did tests pass?',
              answer: 'Browser tests run only in Chromium.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Run checkout browser tests in WebKit too',
            priority: 'P2',
          },
          {
            title: 'Require storefront review for browser target changes',
            priority: 'P3',
          },
        ],
      },
    ],
  },
  {
    entityRef: 'component:default/product-catalog',
    ownerRef: 'group:default/storefront',
    team: ['grace', 'heidi', 'ivan'],
    ticketProject: 'SHOP',
    scenarios: [
      {
        id: 'catalog-image-errors',
        title: 'Product images missing on new arrivals',
        description: 'New products show a placeholder instead of their photo.',
        alert: {
          name: 'ImageResizeErrors',
          summary: 'Image resizer failed 312 jobs in the last hour',
        },
        severities: { P4: 2, P5: 2 },
        weight: 2,
        notes: ['Resizer rejects the new supplier’s HEIC uploads.'],
        identified: 'Resizer does not accept HEIC',
        fixed: 'HEIC conversion added; jobs re-run',
        actionItems: [],
      },
      {
        id: 'catalog-5xx',
        title: 'Product catalog 5xx above 1%',
        description: 'Product pages fail for some shoppers.',
        alert: {
          name: 'HighErrorRate',
          summary: '5xx ratio at 2.7% for 5 minutes (threshold 1%)',
        },
        severities: { P2: 1, P3: 4 },
        weight: 3,
        notes: [
          'Slow query on price_history: sequential scan since this morning’s migration.',
        ],
        identified: 'Migration dropped the index on price_history',
        fixed: 'Index recreated concurrently',
        postmortem: {
          summary:
            'A migration dropped an index the price lookup needs; price queries turned into table scans and held the database pool.',
          impact:
            'About 3% of product page views failed for 50 minutes; search was unaffected.',
          fault: 'Price lookups scanned 40M rows of price_history.',
          response:
            'The team found the slow query in the database dashboard and recreated the index.',
          recovery: 'Errors stopped as soon as the index was built.',
          rootCause:
            'Migrations are reviewed for what they add, not for the queries that rely on what they drop.',
          lessonsWentWell: '- The slow query log named the table',
          lessonsWentWrong: '- The migration review missed the dropped index',
          fiveWhys: [
            {
              question: 'Why did product pages fail?',
              answer: 'Price lookups timed out waiting for the database.',
            },
            {
              question: 'Why were they slow?',
              answer: 'They scanned price_history without an index.',
            },
            {
              question: 'Why was the index gone?',
              answer: 'A migration dropped it as unused.',
            },
            {
              question: 'Why did review miss it?',
              answer: 'Reviews do not check which queries use an index.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Check migrations against the top queries in CI',
            priority: 'P2',
          },
          {
            title: 'Alert on sequential scans of large tables',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'catalog-stock-stale',
        title: 'Stock levels stale for 30 minutes',
        description: 'Shoppers may order items that are out of stock.',
        alert: {
          name: 'StockSyncStale',
          summary:
            'Stock levels last refreshed 42 minutes ago (threshold 30 minutes)',
        },
        severities: { P3: 2, P4: 2 },
        weight: 4,
        notes: [
          'The warehouse feed answers 401: its API key was rotated on their side.',
        ],
        identified: 'Warehouse feed rejects our rotated API key',
        fixed: 'New key deployed, stock sync running',
        actionItems: [],
      },
      {
        id: 'catalog-cache-hits',
        title: 'Product pages slow: cache hit ratio low',
        description: 'Product pages take twice as long to load.',
        alert: {
          name: 'CacheHitRatioLow',
          summary: 'Cache hit ratio at 41% for 15 minutes (normal above 90%)',
        },
        severities: { P3: 1, P4: 2 },
        weight: 2,
        notes: [
          'Cache keys now include the session id since the last release.',
        ],
        identified: 'Session id in the cache key',
        fixed: 'Cache key fixed, hit ratio back at 94%',
        actionItems: [],
      },
      {
        id: 'catalog-vat',
        title: 'Prices shown without VAT',
        description:
          'Support reports product prices shown net of VAT in the EU shop.',
        severities: { P2: 1, P3: 1 },
        weight: 1,
        notes: [
          'Every EU region shows net prices since the tax-region setting changed at 10:12.',
        ],
        identified: 'Tax-region setting applied to every region',
        fixed: 'Tax-region setting reverted',
        postmortem: {
          summary:
            'A change to the tax-region setting made the catalog show net prices in every EU region.',
          impact:
            'For 3 hours EU shoppers saw prices without VAT; 420 orders were honoured at the lower price.',
          fault: 'The setting meant for one region was applied to all of them.',
          response:
            'Support escalated; the team traced it to the setting change and reverted it.',
          recovery: 'Prices were correct within minutes of the revert.',
          rootCause: `${CANARY}: the tax-region setting reached every region at once instead of one region first.`,
          lessonsWentWell: '- Support escalated within the hour',
          lessonsWentWrong:
            '- No alert compares shown prices with the tax rules\n- The change had no canary region',
          fiveWhys: [
            {
              question: 'Why were prices shown without VAT?',
              answer: 'Every EU region used the net-price tax setting.',
            },
            {
              question: 'Why every region?',
              answer: 'The setting change applied to all regions at once.',
            },
            {
              question: 'Why was it not tried on one region first?',
              answer: 'Configuration changes skip the canary stage.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Roll tax settings out one region at a time',
            priority: 'P1',
          },
          {
            title:
              'Check a sample of shown prices against the tax rules hourly',
            priority: 'P2',
          },
        ],
      },
    ],
  },
  {
    entityRef: 'component:default/api-gateway',
    ownerRef: 'group:default/platform',
    team: ['dana', 'erin'],
    ticketProject: 'PLAT',
    scenarios: [
      {
        id: 'gateway-bot-traffic',
        title: 'Bot traffic spike on the search API',
        description: 'Search API traffic triples from a crawler.',
        alert: {
          name: 'RequestRateAnomaly',
          summary:
            'Search API requests at 3.4x the weekly baseline for 15 minutes',
        },
        severities: { P4: 1, P5: 1 },
        weight: 2,
        notes: [
          'One user agent, a price-comparison crawler ignoring robots.txt.',
        ],
        identified: 'Crawler ignoring robots.txt',
        fixed: 'Crawler throttled at the edge',
        actionItems: [],
      },
      {
        id: 'gateway-upstream',
        title: 'Gateway upstream errors above 5%',
        description: 'Public APIs fail intermittently; upstreams look healthy.',
        alert: {
          name: 'GatewayUpstreamErrors',
          summary:
            '7.8% of upstream requests fail (threshold 5%), mostly connection resets',
        },
        severities: { P1: 1, P2: 2 },
        weight: 1.5,
        notes: [
          'Resets on reused connections: the gateway keeps them open longer than upstreams do.',
          'Reverting the keep-alive timeout on all nodes.',
        ],
        identified: 'Keep-alive timeout longer than the upstreams’',
        fixed: 'Keep-alive timeout reverted on every node',
        postmortem: {
          summary:
            'A new upstream keep-alive timeout made the gateway reuse connections its upstreams had already closed.',
          impact:
            'Around 8% of API calls failed for 25 minutes across payments, catalog and checkout.',
          fault:
            'The gateway kept idle connections for 120 s; upstreams close them after 60 s.',
          response:
            'The on-call saw resets only on reused connections and reverted the timeout.',
          recovery: 'Errors stopped within a minute of the revert.',
          rootCause: `${CANARY}: the keep-alive setting was applied to every gateway node at once.`,
          lessonsWentWell:
            '- Connection metrics separated new from reused connections',
          lessonsWentWrong:
            '- The setting went to every node together\n- Nobody knew the upstreams’ idle timeout',
          fiveWhys: [
            {
              question: 'Why did API calls fail?',
              answer: 'The gateway reused connections upstreams had closed.',
            },
            {
              question: 'Why did it reuse them?',
              answer:
                'Its keep-alive timeout was raised to 120 s, above the upstreams’ 60 s.',
            },
            {
              question: 'Why did it hit every API at once?',
              answer: 'The setting went to every node together.',
            },
            {
              question: 'Why together?',
              answer: 'Gateway configuration skips the canary stage.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Push gateway configuration to one canary node first',
            priority: 'P1',
          },
          {
            title: 'Retry idempotent requests once on connection reset',
            priority: 'P2',
          },
          {
            title: 'Record upstream idle timeouts in the service catalog',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'gateway-rate-limit',
        title: 'Rate limiter rejecting legitimate traffic',
        description:
          'A partner’s users get 429 responses at normal traffic levels.',
        alert: {
          name: 'RateLimitSaturation',
          summary:
            'Rate limiter rejects 18% of requests (threshold 10%), most from one address',
        },
        severities: { P2: 1, P3: 3 },
        weight: 2,
        notes: [
          'All rejected traffic comes from one partner address: their users sit behind a NAT.',
        ],
        identified: 'Limiter keys on client IP; partner users share one',
        fixed: 'Partner limit keyed on API key instead of IP',
        postmortem: {
          summary:
            'The rate limiter counted every user of a partner as one client, because they all reach us from one NAT address.',
          impact:
            'A partner’s shoppers were refused for 90 minutes at peak; about 3,000 requests rejected.',
          fault: 'Limits are kept per client IP address.',
          response:
            'The on-call found one address behind most rejections and raised its limit, then keyed it on the API key.',
          recovery: 'Rejections fell below 1% after the change.',
          rootCause:
            'The limiter was designed for direct clients, before partners proxied their users through us.',
          lessonsWentWell: '- The saturation alert named the top address',
          lessonsWentWrong:
            '- Partners were not asked how their traffic reaches us',
          fiveWhys: [
            {
              question: 'Why were the partner’s users refused?',
              answer: 'The limiter counted all of them as one client.',
            },
            {
              question: 'Why one client?',
              answer: 'Limits are per IP, and they share a NAT address.',
            },
            {
              question: 'Why per IP?',
              answer: 'The limiter predates partner traffic.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Key rate limits on API keys for partners',
            priority: 'P2',
          },
          {
            title: 'Show the top rejected clients on the gateway dashboard',
            priority: 'P3',
          },
        ],
      },
      {
        id: 'gateway-tls',
        title: 'TLS handshake failures at the edge',
        description: 'Older Android clients cannot connect.',
        alert: {
          name: 'TLSHandshakeErrors',
          summary:
            'TLS handshakes failing for 3.5% of new connections (normal below 0.1%)',
        },
        severities: { P2: 1, P3: 1 },
        weight: 1,
        notes: [
          'Failures only from Android 7 clients; the new certificate is served without its intermediate.',
        ],
        identified: 'Renewed certificate deployed without its chain',
        fixed: 'Full chain deployed',
        postmortem: {
          summary:
            'The renewed edge certificate was deployed without its intermediate certificate, and clients that do not fetch intermediates failed the handshake.',
          impact:
            'About 3% of mobile sessions, mostly older Android, could not connect for 70 minutes.',
          fault: 'The edge served only the leaf certificate.',
          response:
            'The on-call compared the served chain with the previous one and redeployed the full chain.',
          recovery: 'Handshake failures fell to baseline immediately.',
          rootCause:
            'Certificate renewal is a manual step with no check of the served chain.',
          lessonsWentWell: '- Handshake errors are broken down by client',
          lessonsWentWrong: '- Renewal is manual and unchecked',
          fiveWhys: [
            {
              question: 'Why did handshakes fail?',
              answer: 'Clients could not build a chain to a trusted root.',
            },
            {
              question: 'Why not?',
              answer:
                'The edge served the leaf certificate without its intermediate.',
            },
            {
              question: 'Why was the chain missing?',
              answer:
                'Renewal is a manual step with no check of the served chain.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Automate edge certificate renewal',
            priority: 'P2',
          },
          {
            title: 'Check the served chain after every certificate change',
            priority: 'P2',
          },
        ],
      },
      {
        id: 'gateway-cert',
        title: 'TLS certificate of api.example.com expires soon',
        description: 'The edge certificate is due for renewal.',
        alert: {
          name: 'CertificateExpiringSoon',
          summary:
            'TLS certificate for api.example.com expires in 9 days (threshold 14 days)',
        },
        severities: { P4: 2, P5: 1 },
        weight: 2,
        notes: ['Renewal ticket raised with the certificate authority.'],
        identified: 'Renewal not scheduled',
        fixed: 'Certificate renewed, expiry in 90 days',
        actionItems: [],
      },
    ],
  },
  {
    entityRef: 'resource:default/payments-db',
    ownerRef: 'group:default/platform',
    team: ['dana', 'erin'],
    ticketProject: 'PLAT',
    scenarios: [
      {
        id: 'db-slow-queries',
        title: 'Slow queries on the payments database',
        description: 'Some payment lookups take seconds.',
        alert: {
          name: 'PostgresSlowQueries',
          summary:
            '42 queries slower than 1 s in the last 10 minutes on payments-db-0',
        },
        severities: { P4: 1, P5: 1 },
        weight: 2,
        notes: ['All from the support tool’s search by card suffix.'],
        identified: 'Support search by card suffix unindexed',
        fixed: 'Index added for card suffix search',
        actionItems: [],
      },
      {
        id: 'db-backup-late',
        title: 'Nightly payments database backup late',
        description: 'The nightly base backup has not finished.',
        alert: {
          name: 'PostgresBackupLate',
          summary:
            'Last successful base backup 31 hours ago (threshold 26 hours)',
        },
        severities: { P3: 1, P4: 2 },
        weight: 2,
        notes: ['Backup job waited on a lock held by a long vacuum.'],
        identified: 'Backup blocked by a long vacuum',
        fixed: 'Vacuum finished; backup completed and verified',
        actionItems: [],
      },
      {
        id: 'db-replica-lag',
        title: 'Payments database replica lag above 30 s',
        description: 'Reads from the replica return stale payment states.',
        alert: {
          name: 'PostgresReplicationLag',
          summary:
            'Replica payments-db-1 is 48 s behind the primary (threshold 30 s)',
        },
        severities: { P2: 1, P3: 4 },
        weight: 3,
        notes: ['Replay paused behind a long analytics query on the replica.'],
        identified: 'Analytics export holds back WAL replay',
        fixed: 'Export cancelled; replica caught up',
        postmortem: {
          summary:
            'A nightly analytics export ran long transactions on the replica and held back WAL replay.',
          impact:
            'The merchant dashboard showed payment states up to 3 minutes old for 40 minutes.',
          fault:
            'Replay waited for the export’s queries (hot_standby_feedback and max_standby_streaming_delay of -1).',
          response:
            'The on-call found the blocking query in pg_stat_activity and cancelled the export.',
          recovery: 'The replica caught up within 2 minutes.',
          rootCause:
            'Analytics exports share the replica that serves the dashboards.',
          lessonsWentWell: '- The lag alert fired before merchants noticed',
          lessonsWentWrong: '- The export has no time limit',
          fiveWhys: [
            {
              question: 'Why were dashboards stale?',
              answer: 'The replica was almost a minute behind.',
            },
            {
              question: 'Why was it behind?',
              answer: 'WAL replay waited for the analytics export’s queries.',
            },
            {
              question: 'Why does the export run there?',
              answer: 'Exports and dashboards share one replica.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Move analytics exports to a dedicated replica',
            priority: 'P2',
          },
          {
            title: 'Set a statement timeout for the export role',
            priority: 'P2',
          },
        ],
      },
      {
        id: 'db-disk',
        title: 'Payments database data volume above 90%',
        description: 'The primary’s data volume fills up.',
        alert: {
          name: 'PostgresDiskAlmostFull',
          summary: 'Data volume at 93% on payments-db-0 (threshold 90%)',
        },
        severities: { P2: 1, P3: 3 },
        weight: 2,
        notes: [
          'pg_wal is 180 GB: an inactive replication slot keeps WAL from being recycled.',
        ],
        identified: 'Inactive replication slot retains WAL',
        fixed: 'Slot dropped, WAL recycled, volume at 61%',
        postmortem: {
          summary:
            'A replication slot left by a decommissioned replica kept WAL from being recycled until the data volume was almost full.',
          impact:
            'No customer impact; the primary was hours from refusing writes.',
          fault: 'An inactive slot retained 180 GB of WAL.',
          response:
            'The on-call found the slot in pg_replication_slots and dropped it.',
          recovery: 'Disk usage fell to 61% after the next checkpoint.',
          rootCause:
            'Decommissioning a replica does not remove its replication slot.',
          lessonsWentWell: '- The disk alert gave hours of warning',
          lessonsWentWrong: '- The decommission checklist misses slots',
          fiveWhys: [
            {
              question: 'Why did the volume fill?',
              answer: 'WAL was not recycled.',
            },
            {
              question: 'Why not?',
              answer: 'An inactive replication slot still needed it.',
            },
            {
              question: 'Why was the slot there?',
              answer: 'Decommissioning the replica left its slot behind.',
            },
          ],
        },
        actionItems: [
          {
            title:
              'Add dropping the slot to the replica decommission checklist',
            priority: 'P2',
          },
          {
            title: 'Alert on inactive replication slots',
            priority: 'P2',
          },
          {
            title: 'Set max_slot_wal_keep_size on the payments cluster',
            priority: 'P1',
          },
        ],
      },
      {
        id: 'db-connections',
        title: 'Payments database refusing new connections',
        description:
          'Services get "too many clients" from the payments database.',
        alert: {
          name: 'PostgresTooManyConnections',
          summary: '492 of 500 connections in use on payments-db-0',
        },
        severities: { P1: 1, P2: 2 },
        weight: 1.5,
        notes: [
          'Ledger worker holds 300 connections since its pool size was raised this morning.',
        ],
        identified: 'Ledger worker pool raised beyond the database limit',
        fixed: 'Pool size reverted on every ledger worker',
        postmortem: {
          summary:
            'The ledger worker’s connection pool was raised on every instance at once and, together with the payments API, exceeded max_connections.',
          impact:
            'For 20 minutes new connections were refused; 4% of card payments failed.',
          fault: 'Connections reached max_connections (500).',
          response:
            'The on-call saw the ledger worker holding most connections and reverted its pool size.',
          recovery:
            'Connections fell to 260 and refusals stopped within a minute.',
          rootCause: `${CANARY}: the pool size was raised on every ledger worker instance at once, with no check against max_connections.`,
          lessonsWentWell:
            '- Connection counts per client were on the dashboard',
          lessonsWentWrong:
            '- The change went to every instance at once\n- No connection pooler in front of the database',
          fiveWhys: [
            {
              question: 'Why were connections refused?',
              answer: 'The database reached max_connections.',
            },
            {
              question: 'Why did it reach it?',
              answer: 'The ledger worker’s pool was raised on every instance.',
            },
            {
              question: 'Why was that not caught?',
              answer:
                'The change went everywhere at once and nothing checks pools against max_connections.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Put a connection pooler in front of the payments database',
            priority: 'P1',
          },
          {
            title: 'Budget connections per client in the database runbook',
            priority: 'P3',
          },
        ],
      },
    ],
  },
  {
    entityRef: 'resource:default/redis-cache',
    ownerRef: 'group:default/platform',
    team: ['dana', 'erin'],
    ticketProject: 'PLAT',
    scenarios: [
      {
        id: 'redis-replica',
        title: 'Redis replica out of sync',
        description: 'The cache replica stopped replicating.',
        alert: {
          name: 'RedisReplicaDown',
          summary:
            'Replica redis-cache-1 disconnected from the primary for 5 minutes',
        },
        severities: { P4: 1, P5: 1 },
        weight: 2,
        notes: ['Replica was OOM-killed during a full resync.'],
        identified: 'Replica memory too small for a full resync',
        fixed: 'Replica memory raised; resync completed',
        actionItems: [],
      },
      {
        id: 'redis-memory',
        title: 'Redis memory above 90% of maxmemory',
        description: 'The shared cache is close to evicting.',
        alert: {
          name: 'RedisMemoryHigh',
          summary: 'Used memory at 94% of maxmemory (threshold 90%)',
        },
        severities: { P3: 1, P4: 2 },
        weight: 3,
        notes: ['Product data grew 20% after the spring range went live.'],
        identified: 'Product data outgrew the cache',
        fixed: 'maxmemory raised to 12 GB',
        actionItems: [],
      },
      {
        id: 'redis-evictions',
        title: 'Cache evictions slowing product pages',
        description:
          'Product data is evicted; pages fall back to the database.',
        alert: {
          name: 'RedisEvictionsHigh',
          summary: '2,300 keys evicted per second for 10 minutes',
        },
        severities: { P2: 1, P3: 3 },
        weight: 2,
        notes: ['Half the keys are sessions without a TTL.'],
        identified: 'Sessions written without a TTL fill the cache',
        fixed: 'TTL restored; stale sessions purged',
        postmortem: {
          summary:
            'After a library upgrade, sessions were written without a TTL, filled the cache and pushed product data out.',
          impact:
            'Product pages were twice as slow for 2 hours; the catalog database ran hot.',
          fault: 'Session keys never expired.',
          response:
            'The team sampled keys, found sessions without TTL and purged those older than a day.',
          recovery:
            'Evictions stopped and hit ratio recovered within 20 minutes.',
          rootCause:
            'The session library’s new version changed its TTL default, and sessions share the cache with product data.',
          lessonsWentWell: '- The eviction alert fired before the database did',
          lessonsWentWrong:
            '- The library changelog was not read\n- Sessions and product data share one cache',
          fiveWhys: [
            {
              question: 'Why were product pages slow?',
              answer: 'Product data was evicted from the cache.',
            },
            {
              question: 'Why was it evicted?',
              answer: 'Sessions without a TTL filled memory.',
            },
            {
              question: 'Why had they no TTL?',
              answer: 'The session library’s new version changed its default.',
            },
          ],
        },
        actionItems: [
          {
            title: 'Move sessions to their own Redis',
            priority: 'P2',
          },
          {
            title: 'Alert on keys without a TTL',
            priority: 'P3',
          },
        ],
      },
    ],
  },
];

/** Alerts nobody's catalog entry claims, oldest first: they wait in the unrouted inbox. */
export const UNROUTED_ALERTS: Array<{
  name: string;
  service: string;
  summary: string;
  minutesAgo: number;
}> = [
  {
    name: 'NightlyExportLate',
    service: 'billing-legacy',
    summary: 'Finance export not delivered by 06:00 UTC',
    minutesAgo: 900,
  },
  {
    name: 'BatchJobFailed',
    service: 'billing-legacy',
    summary: 'Job invoice-export exited with status 1 after 14 minutes',
    minutesAgo: 300,
  },
  {
    name: 'BatchJobFailed',
    service: 'billing-legacy',
    summary: 'Job invoice-export exited with status 1 after 12 minutes',
    minutesAgo: 60,
  },
];

/** Still happening: a few open incidents at different stages. */
export const OPEN_INCIDENTS: Array<{
  scenarioId: string;
  severity: string;
  minutesAgo: number;
  status:
    | 'triggered'
    | 'acknowledged'
    | 'investigating'
    | 'identified'
    | 'monitoring';
}> = [
  {
    scenarioId: 'payments-latency',
    severity: 'P2',
    minutesAgo: 40,
    status: 'investigating',
  },
  {
    scenarioId: 'catalog-stock-stale',
    severity: 'P3',
    minutesAgo: 90,
    status: 'identified',
  },
  {
    scenarioId: 'db-replica-lag',
    severity: 'P3',
    minutesAgo: 25,
    status: 'triggered',
  },
  {
    scenarioId: 'gateway-cert',
    severity: 'P4',
    minutesAgo: 300,
    status: 'monitoring',
  },
];

/** The example catalog's people, as their User entities name them. */
export const DISPLAY_NAMES: Record<string, string> = {
  guest: 'Guest User',
  alice: 'Alice Adams',
  bob: 'Bob Brown',
  carol: 'Carol Chen',
  dana: 'Dana Diaz',
  erin: 'Erin Evans',
  grace: 'Grace Green',
  heidi: 'Heidi Hall',
  ivan: 'Ivan Ito',
};
