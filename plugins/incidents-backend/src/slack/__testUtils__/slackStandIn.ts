import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One call the stand-in answered. */
export interface SlackCall {
  method: string;
  /** The request's arguments (form fields, JSON-valued ones parsed). */
  args: Record<string, any>;
  /** What it answered. */
  response: Record<string, any>;
  status: number;
}

/** How the stand-in should fail a call. */
export type SlackFault =
  | { status: 429; retryAfter: number }
  | { status: 500 }
  | { error: string };

interface Channel {
  id: string;
  name: string;
  members: Set<string>;
  messages: Map<string, { text: string; blocks?: unknown; threadTs?: string }>;
}

/**
 * A local stand-in of the Slack Web API for tests: a real HTTP server on 127.0.0.1 that
 * checks `Authorization: Bearer <token>`, answers the methods Firebreak calls with the
 * request and response shapes Slack documents (`ok`, `error`, `channel`, `ts`), records
 * every call and can be told to fail.
 */
export class SlackStandIn {
  /** Starts it on an ephemeral port. */
  static async start(options: { token: string }): Promise<SlackStandIn> {
    const standIn = new SlackStandIn(options.token);
    await new Promise<void>(resolve =>
      standIn.server.listen(0, '127.0.0.1', resolve),
    );
    return standIn;
  }

  readonly calls: SlackCall[] = [];
  private readonly server: http.Server;
  private readonly channels = new Map<string, Channel>();
  private readonly usersByEmail = new Map<string, string>();
  private readonly faults: Array<{
    method: string;
    fault: SlackFault;
    when?: (args: Record<string, any>) => boolean;
  }> = [];
  private downWith?: SlackFault;
  private nextId = 1;
  private nextTs = 1;
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  private constructor(private readonly token: string) {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => this.answer(req, body, res));
    });
  }

  /** Base URL to give the WebClient as `slackApiUrl`. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/`;
  }

  /** A channel the bot can post to; returns its id. */
  addChannel(name: string, id = `C${this.newId()}`): string {
    this.channels.set(id, {
      id,
      name,
      members: new Set(),
      messages: new Map(),
    });
    return id;
  }

  /** A workspace member `users.lookupByEmail` finds. */
  addUser(email: string, id: string) {
    this.usersByEmail.set(email.toLocaleLowerCase('en-US'), id);
  }

  /** Fails the next call of `method` (`*`: any method) once per fault given. */
  failNext(method: string, ...faults: SlackFault[]) {
    for (const fault of faults) this.faults.push({ method, fault });
  }

  /** Fails the first call of `method` whose arguments satisfy `when`, once. */
  failWhen(
    method: string,
    when: (args: Record<string, any>) => boolean,
    fault: SlackFault,
  ) {
    this.faults.push({ method, fault, when });
  }

  /** Fails every call until {@link SlackStandIn.recover}. */
  goDown(fault: SlackFault = { status: 500 }) {
    this.downWith = fault;
  }

  recover() {
    this.downWith = undefined;
  }

  /** Successful calls of `method`. */
  succeeded(method: string): SlackCall[] {
    return this.calls.filter(c => c.method === method && c.response.ok);
  }

  /** Members of a channel (Slack user ids). */
  membersOf(channelId: string): string[] {
    return [...(this.channels.get(channelId)?.members ?? [])];
  }

  /** Resolves once a call of `method` satisfies `test` (default: a successful one). */
  waitFor(
    method: string,
    test: (call: SlackCall) => boolean = call => !!call.response.ok,
  ): Promise<SlackCall> {
    const find = () => this.calls.find(c => c.method === method && test(c));
    return new Promise(resolve => {
      const found = find();
      if (found) {
        resolve(found);
        return;
      }
      this.waiters.push({
        test: () => !!find(),
        resolve: () => resolve(find()!),
      });
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private newId(): string {
    return String(this.nextId++).padStart(10, '0');
  }

  private answer(
    req: http.IncomingMessage,
    body: string,
    res: http.ServerResponse,
  ) {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const args = parseArgs(req.headers['content-type'] ?? '', body);
    const send = (
      status: number,
      response: Record<string, any>,
      headers = {},
    ) => {
      this.calls.push({ method, args, response, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(response));
      this.waiters = this.waiters.filter(w => {
        if (!w.test()) return true;
        w.resolve();
        return false;
      });
    };
    const fault = this.takeFault(method, args);
    if (fault) {
      if ('status' in fault && fault.status === 429) {
        send(
          429,
          { ok: false, error: 'ratelimited' },
          {
            'retry-after': String(fault.retryAfter),
          },
        );
      } else if ('status' in fault) {
        send(fault.status, { ok: false, error: 'internal_error' });
      } else {
        send(200, { ok: false, error: fault.error });
      }
      return;
    }
    const auth = req.headers.authorization;
    if (!auth) {
      send(200, { ok: false, error: 'not_authed' });
      return;
    }
    if (auth !== `Bearer ${this.token}`) {
      send(200, { ok: false, error: 'invalid_auth' });
      return;
    }
    send(200, this.handle(method, args));
  }

  private takeFault(
    method: string,
    args: Record<string, any>,
  ): SlackFault | undefined {
    if (this.downWith) return this.downWith;
    const index = this.faults.findIndex(
      f =>
        (f.method === method || f.method === '*') && (!f.when || f.when(args)),
    );
    return index < 0 ? undefined : this.faults.splice(index, 1)[0].fault;
  }

  private handle(
    method: string,
    args: Record<string, any>,
  ): Record<string, any> {
    switch (method) {
      case 'chat.postMessage': {
        const channel = this.findChannel(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (!args.text && !args.blocks) {
          return { ok: false, error: 'no_text' };
        }
        if (args.thread_ts && !channel.messages.has(args.thread_ts)) {
          return { ok: false, error: 'thread_not_found' };
        }
        const ts = `1767225600.${String(this.nextTs++).padStart(6, '0')}`;
        channel.messages.set(ts, {
          text: args.text,
          blocks: args.blocks,
          threadTs: args.thread_ts,
        });
        return {
          ok: true,
          channel: channel.id,
          ts,
          message: {
            type: 'message',
            text: args.text,
            ts,
            thread_ts: args.thread_ts,
          },
        };
      }
      case 'chat.update': {
        // chat.update takes channel ids only, as Slack documents.
        const channel = this.channels.get(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const message = channel.messages.get(args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = args.text;
        message.blocks = args.blocks;
        return { ok: true, channel: channel.id, ts: args.ts, text: args.text };
      }
      case 'conversations.create': {
        const name = String(args.name ?? '');
        if (!name) return { ok: false, error: 'invalid_name_required' };
        if (name.length > 80)
          return { ok: false, error: 'invalid_name_maxlength' };
        if (!/^[a-z0-9_-]+$/.test(name)) {
          return { ok: false, error: 'invalid_name_specials' };
        }
        if ([...this.channels.values()].some(c => c.name === name)) {
          return { ok: false, error: 'name_taken' };
        }
        const id = this.addChannel(name);
        return {
          ok: true,
          channel: {
            id,
            name,
            is_channel: true,
            is_private: args.is_private === 'true',
          },
        };
      }
      case 'conversations.invite': {
        const channel = this.channels.get(args.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const users = String(args.users ?? '')
          .split(',')
          .filter(Boolean);
        if (!users.length) return { ok: false, error: 'no_user' };
        const known = new Set(this.usersByEmail.values());
        if (users.some(u => !known.has(u))) {
          return { ok: false, error: 'user_not_found' };
        }
        if (users.every(u => channel.members.has(u))) {
          return { ok: false, error: 'already_in_channel' };
        }
        users.forEach(u => channel.members.add(u));
        return { ok: true, channel: { id: channel.id, name: channel.name } };
      }
      case 'users.lookupByEmail': {
        const id = this.usersByEmail.get(
          String(args.email ?? '').toLocaleLowerCase('en-US'),
        );
        return id
          ? { ok: true, user: { id, profile: { email: args.email } } }
          : { ok: false, error: 'users_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private findChannel(channel: unknown): Channel | undefined {
    if (typeof channel !== 'string') return undefined;
    if (channel.startsWith('#')) {
      return [...this.channels.values()].find(c => `#${c.name}` === channel);
    }
    return this.channels.get(channel);
  }
}

function parseArgs(contentType: string, body: string): Record<string, any> {
  if (contentType.includes('application/json')) {
    return body ? JSON.parse(body) : {};
  }
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    // The WebClient sends objects and arrays (blocks) as JSON text.
    args[key] =
      key === 'blocks' || key === 'attachments' ? JSON.parse(value) : value;
  }
  return args;
}
