// The HTTP-overhead baseline: a bare node:http handler that reads the JSON body, parses
// it and answers 202, run in its own process like the backend. Usage: node bare-server.ts <port>
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const server = createServer((req, res) => {
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
