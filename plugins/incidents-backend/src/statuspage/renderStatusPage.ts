import { DateTime } from 'luxon';
import {
  ComponentState,
  PublicStage,
  StatusPageModel,
} from './StatusPageService';

/** Text into HTML or XML, as text: the page shows what responders typed, never runs it. */
export function escapeMarkup(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}

const STATE_LABEL: Record<ComponentState, string> = {
  operational: 'Operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

const STAGE_LABEL: Record<PublicStage, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

const when = (iso: string) =>
  DateTime.fromISO(iso, { zone: 'utc' }).toFormat("d LLL yyyy, HH:mm 'UTC'");

/** The headline over the components: the worst state any of them is in. */
function overall(model: StatusPageModel): {
  text: string;
  state: ComponentState;
} {
  const order: ComponentState[] = [
    'major_outage',
    'partial_outage',
    'degraded',
  ];
  for (const state of order) {
    if (model.components.some(c => c.state === state)) {
      return {
        state,
        text:
          state === 'degraded'
            ? 'Some systems are degraded'
            : `${STATE_LABEL[state]} in progress`,
      };
    }
  }
  return { state: 'operational', text: 'All systems operational' };
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f8}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:2rem 0 .75rem}
.banner{padding:1rem 1.25rem;border-radius:6px;color:#fff;font-weight:600;font-size:1.1rem}
.operational{background:#1e7e34}.degraded{background:#b35c00}.partial_outage{background:#c0392b}.major_outage{background:#8e1b10}
ul{list-style:none;padding:0;margin:0}
.components li{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap;background:#fff;padding:.75rem 1rem;border-bottom:1px solid #e3e5e8}
.state-operational{color:#1e7e34}.state-degraded{color:#b35c00}.state-partial_outage,.state-major_outage{color:#c0392b}
article{background:#fff;border-radius:6px;padding:1rem 1.25rem;margin-bottom:1rem}
article h3{margin:0 0 .5rem;font-size:1.05rem}
.update{margin:.75rem 0 0;padding-top:.75rem;border-top:1px solid #eceef0}
.update p{margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.meta{color:#5f6368;font-size:.85rem}
footer{margin-top:2rem;font-size:.85rem;color:#5f6368}
a{color:#0b57d0}
@media (prefers-color-scheme:dark){body{background:#121212;color:#e8e8e8}.components li,article{background:#1e1e1e;border-color:#333}.update{border-color:#333}.meta,footer{color:#a0a0a0}a{color:#8ab4f8}.state-operational{color:#5dd27a}.state-degraded{color:#f0a04b}.state-partial_outage,.state-major_outage{color:#ff7a6e}}
`;

/** The whole page, plain HTML without scripts. */
export function renderStatusPage(
  model: StatusPageModel,
  options: { title: string; feedUrl: string },
): string {
  const head = overall(model);
  const title = escapeMarkup(options.title);
  const components = model.components.length
    ? `<ul class="components">${model.components
        .map(
          c =>
            `<li><span>${escapeMarkup(c.name)}</span><span class="state-${
              c.state
            }">${STATE_LABEL[c.state]}</span></li>`,
        )
        .join('')}</ul>`
    : '<p>No services are listed yet.</p>';
  const articles = (open: boolean) =>
    model.incidents
      .filter(i => i.open === open)
      .map(
        i => `<article id="incident-${i.key}">
<h3>${escapeMarkup(i.components.join(', ') || 'Our services')}: ${
          STAGE_LABEL[i.stage]
        }</h3>
<div class="meta">Since ${when(i.startedAt)}${
          i.resolvedAt ? ` · resolved ${when(i.resolvedAt)}` : ''
        }</div>
${i.updates
  .map(
    u =>
      `<div class="update"><strong>${
        STAGE_LABEL[u.stage]
      }</strong> <span class="meta">${when(u.postedAt)}</span><p>${escapeMarkup(
        u.message,
      )}</p></div>`,
  )
  .join('\n')}
</article>`,
      )
      .join('\n');
  const current = articles(true);
  const past = articles(false);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="alternate" type="application/atom+xml" title="${title}" href="${escapeMarkup(
    options.feedUrl,
  )}">
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<div class="banner ${head.state}" role="status">${head.text}</div>
<h2>Services</h2>
${components}
<h2>Current incidents</h2>
${current || '<p>No incidents right now.</p>'}
<h2>Past incidents (last 14 days)</h2>
${past || '<p>None.</p>'}
<footer>Updated ${when(model.generatedAt)} · <a href="${escapeMarkup(
    options.feedUrl,
  )}">Atom feed</a></footer>
</main>
</body>
</html>
`;
}

/** The public updates as an Atom feed (RFC 4287), newest first. */
export function renderAtomFeed(
  model: StatusPageModel,
  options: { title: string; pageUrl: string; feedUrl: string },
): string {
  const entries = model.incidents
    .flatMap(i =>
      i.updates.map(u => ({
        id: `${options.pageUrl}#update-${u.key}`,
        link: `${options.pageUrl}#incident-${i.key}`,
        title: `${i.components.join(', ') || 'Our services'}: ${
          STAGE_LABEL[u.stage]
        }`,
        updated: u.postedAt,
        message: u.message,
      })),
    )
    .sort((a, b) => b.updated.localeCompare(a.updated))
    .slice(0, 50);
  const updated = entries[0]?.updated ?? model.generatedAt;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>${escapeMarkup(options.title)}</title>
<id>${escapeMarkup(options.feedUrl)}</id>
<link rel="self" href="${escapeMarkup(options.feedUrl)}"/>
<link rel="alternate" href="${escapeMarkup(options.pageUrl)}"/>
<updated>${updated}</updated>
${entries
  .map(
    e => `<entry>
<id>${escapeMarkup(e.id)}</id>
<title>${escapeMarkup(e.title)}</title>
<link rel="alternate" href="${escapeMarkup(e.link)}"/>
<updated>${e.updated}</updated>
<author><name>${escapeMarkup(options.title)}</name></author>
<content type="text">${escapeMarkup(e.message)}</content>
</entry>`,
  )
  .join('\n')}
</feed>
`;
}
