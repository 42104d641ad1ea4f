import { decodeBody } from '../protocol/body-decoder.js';
import { parseHttpMessage } from '../protocol/http-payload.js';
import type { HttpHeaders } from '../protocol/http-payload.js';
import type { GorMessage } from '../protocol/gor-message.js';
import { decodeText, parseJsonIn } from './body-kind.js';
import { withIgnore } from './comparators.js';
import type { ComparatorInput } from './comparators.js';
import { formatPath } from './ignore-paths.js';
import type { PathSegment } from './ignore-paths.js';
import { diffJson } from './json-diff.js';
import { NOT_JSON } from './json-body.js';
import type { PluginBody, PluginExchange, PluginHeaders, PluginHelpers, PluginResponse, PluginResult } from './plugin-api.js';
import { runPlugin } from './plugin-comparator.js';
import type { PluginComparator, PluginLimits } from './plugin-comparator.js';
import type { Judgement } from './verdict.js';

/** A response read in full: its status, headers and decoded body. */
export interface ReadResponse {
  readonly status: number;
  readonly headers: HttpHeaders;
  readonly body: Buffer;
}

/** What a plugin comparator is run on: the exchange as judging has read it, and the route's diff options. */
export interface PluginContext {
  readonly id: string;
  /** The route's name, and the options its structural diff runs with. */
  readonly route: { readonly name: string } & Pick<ComparatorInput, 'ignore' | 'unordered' | 'ignoreShapes' | 'values'>;
  readonly method: string;
  /** The request target: path and query string. */
  readonly target: string;
  readonly request: GorMessage;
  readonly origin: ReadResponse;
  readonly replay: ReadResponse;
  readonly replayIndex: number;
  readonly maxDiffs: number;
  readonly maxBodyBytes: number;
}

/** A plugin comparator bound to its limits: judges one exchange; `builtIn` is the route's judgement without it. */
export type RoutePlugin = (context: PluginContext, builtIn: () => Judgement) => Judgement;

/** A response as judging read it: null fields when it is missing or could not be parsed, `failure` when its body could not be decoded. */
interface JudgedSide {
  readonly status: number | null;
  readonly headers: HttpHeaders | null;
  readonly body: Buffer | null;
  readonly failure: string | null;
}

/** What judging knows of an exchange besides its responses. */
type JudgedExchange = Pick<PluginContext, 'id' | 'route' | 'method' | 'target' | 'request' | 'replayIndex'>;

/** A plugin comparator judges an exchange whose two responses were read and decoded; any other is judged as without it (`builtIn`). */
export function judgeByPlugin(
  plugin: RoutePlugin,
  input: JudgedExchange,
  origin: JudgedSide,
  replay: JudgedSide,
  options: { readonly maxDiffs: number; readonly maxBodyBytes: number },
  builtIn: () => Judgement,
): Judgement {
  const originRead = readResponse(origin);
  const replayRead = readResponse(replay);
  if (originRead === null || replayRead === null) return builtIn();
  const { id, route, method, target, request, replayIndex } = input;
  return plugin(
    { id, route, method, target, request, origin: originRead, replay: replayRead, replayIndex, maxDiffs: options.maxDiffs, maxBodyBytes: options.maxBodyBytes },
    builtIn,
  );
}

function readResponse(side: JudgedSide): ReadResponse | null {
  if (side.status === null || side.headers === null || side.body === null || side.failure !== null) return null;
  return { status: side.status, headers: side.headers, body: side.body };
}

/** Binds a checked comparator to the timeout and clock it runs with. */
export function bindPlugin(plugin: PluginComparator, limits: Omit<PluginLimits, 'maxDiffs'>): RoutePlugin {
  return (context, builtIn) => runPlugin(plugin, pluginExchange(context), pluginHelpers(context, builtIn), { ...limits, maxDiffs: context.maxDiffs });
}

/** The exchange as a comparator sees it; bodies, headers and the request are decoded when first read. */
export function pluginExchange(context: PluginContext): PluginExchange {
  const question = context.target.indexOf('?');
  let request: PluginExchange['request'] | undefined;
  return {
    id: context.id,
    route: context.route.name,
    method: context.method,
    path: question === -1 ? context.target : context.target.slice(0, question),
    query: question === -1 ? '' : context.target.slice(question + 1),
    get request() {
      return (request ??= readRequest(context.request, context.maxBodyBytes));
    },
    origin: responseView(context.origin),
    replay: responseView(context.replay),
    replayIndex: context.replayIndex,
  };
}

/** The built-in diff and judgement, as the route would run them. */
export function pluginHelpers(context: PluginContext, builtIn: () => Judgement): PluginHelpers {
  const options = withIgnore({ ...context.route, maxDiffs: context.maxDiffs });
  return {
    diff(...values: unknown[]) {
      let [origin, replay] = values;
      if (values.length === 0) {
        origin = parseJsonIn(context.origin.body, context.origin.headers);
        replay = parseJsonIn(context.replay.body, context.replay.headers);
        if (origin === NOT_JSON || replay === NOT_JSON) throw new Error('diff(): the response bodies are not both JSON');
      }
      const { diffs, total } = diffJson(origin, replay, options);
      return { diffs, total };
    },
    defaultJudgement() {
      const { verdict, reason, diffs, totalDiffs, detail } = builtIn();
      const result: PluginResult = { verdict: verdict === 'incomplete' ? 'error' : verdict, reason, diffs, totalDiffs };
      return detail === undefined ? result : { ...result, detail };
    },
    formatPath: (path) => formatPath(path as readonly PathSegment[]),
  };
}

function responseView(response: ReadResponse): PluginResponse {
  let headers: PluginHeaders | undefined;
  return {
    status: response.status,
    get headers() {
      return (headers ??= headerRecord(response.headers));
    },
    body: bodyView(response.body, response.headers.get('content-type')),
  };
}

function readRequest(message: GorMessage, maxBodyBytes: number): PluginExchange['request'] {
  const http = parseHttpMessage(message.payload, 'request');
  if (!http.ok) return { headers: Object.freeze(Object.create(null) as PluginHeaders), body: bodyView(Buffer.alloc(0), undefined) };
  const decoded = decodeBody(http, { maxBytes: maxBodyBytes });
  return { headers: headerRecord(http.headers), body: bodyView(decoded.ok ? decoded.body : http.rawBody, http.headers.get('content-type')) };
}

/** Names in lower case, repeated values joined; no prototype, so a header named `__proto__` is a key like any other. */
function headerRecord(headers: HttpHeaders): PluginHeaders {
  const record = Object.create(null) as Record<string, string>;
  for (const [name, value] of headers.entries()) {
    const key = name.toLowerCase();
    const before = record[key];
    record[key] = before === undefined ? value : `${before}${key === 'set-cookie' ? '\n' : ', '}${value}`;
  }
  return Object.freeze(record);
}

/** The comparator gets copies of the bytes: the outputs still write the decoded bodies. */
function bodyView(bytes: Buffer, contentType: string | undefined): PluginBody {
  let text: string | null | undefined;
  let json: unknown;
  let parsed = false;
  const readText = (): string | null => (text === undefined ? (text = decodeText({ bytes, contentType })) : text);
  return {
    contentType,
    get bytes() {
      return new Uint8Array(bytes);
    },
    get text() {
      return readText();
    },
    get json() {
      if (!parsed) {
        parsed = true;
        json = parseJson(readText());
      }
      return json;
    },
  };
}

function parseJson(text: string | null): unknown {
  if (text === null || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every loaded comparator bound to the same limits, by name. */
export function bindPlugins(plugins: ReadonlyMap<string, PluginComparator>, limits: Omit<PluginLimits, 'maxDiffs'>): ReadonlyMap<string, RoutePlugin> {
  return new Map([...plugins].map(([name, plugin]) => [name, bindPlugin(plugin, limits)]));
}

/** Stands for a comparator that was not loaded (its modules are loaded on the analysis thread only): comparator_error for each exchange. */
export function unavailablePlugin(name: string, why: string): RoutePlugin {
  return () => ({ verdict: 'error', reason: 'comparator_error', diffs: [], totalDiffs: 0, detail: `comparator ${name} did not run: ${why}` });
}
