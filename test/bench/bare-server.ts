// The HTTP-overhead baseline: a bare node:http handler that reads the JSON body, parses
// it and answers 202 (and answers any GET with a fixed list page), run in its own
// process like the backend. Usage: node bare-server.ts <port>
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
// A list page of 50 items, about as large as the demo backend's (~28 kB), for the read
// stream of load.ts: the baseline should serialise and send what the real one does.
const PAGE = JSON.stringify({
  items: Array.from({ length: 50 }, (_, i) => ({
    id: i,
    ref: `INC-${i}`,
    title: 'p99 authorisation latency above 800 ms',
    description: 'Checkout is failing for card payments. '.repeat(9),
    status: 'investigating',
    severity: 'P2',
    entityRef: 'component:default/payments-api',
    detectedAt: new Date(0).toISOString(),
  })),
  nextCursor: 'eyJkIjoiMjAyNi0wMS0wMVQwMDowMDowMC4wMDBaIiwiaSI6MX0',
});

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(PAGE),
    });
    res.end(PAGE);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', chunk => chunks.push(chunk));
  req.on('end', () => {
    let alerts = 0;
    try {
      alerts = JSON.parse(Buffer.concat(chunks).toString('utf8')).alerts.length;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const body = JSON.stringify({ results: { accepted: alerts } });
    res.writeHead(202, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write('listening\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
