import { ResponseHead, WantedFields } from '../protocol/response-head.js';
import { DEFAULT_HEADER_RULES } from './header-diff.js';
import type { HeaderRules } from './header-diff.js';

/*
 * The lean path: most replays answer like production but differ from it in their headers
 * (another header order, a later Date, another Server), so their payloads differ byte-wise
 * and the full engine would parse both responses, build their header objects, decode both
 * bodies and compare the headers, only to find them identical. Here the two heads are read
 * without building anything (protocol/response-head.ts): when the status codes, the compared
 * headers' values, the codings and the framed bodies are the same bytes, the full engine's
 * verdict is known without running it (`ok`, `identical`: equal bodies, decoded alike, and no
 * header difference). Anything else, or anything the lean reading leaves to the full parser,
 * goes to the full engine, so there is one set of verdict rules.
 */

/** The two heads, reused: judging is synchronous and one exchange at a time. */
const originHead = new ResponseHead();
const replayHead = new ResponseHead();

/** The fields each header rule set needs compared byte for byte: its own, and the content codings that turn raw bodies into decoded ones. */
const wantedByRules = new WeakMap<HeaderRules, WantedFields>();

function wantedFor(rules: HeaderRules): WantedFields {
  let wanted = wantedByRules.get(rules);
  if (wanted === undefined) {
    wanted = new WantedFields([...new Set([...rules.names, 'content-encoding'])]);
    wantedByRules.set(rules, wanted);
  }
  return wanted;
}

/**
 * The status code both responses share when the full engine is sure to judge them
 * identical (same status, same compared header values, same content codings, same framed
 * body bytes); null when the full engine must decide. Allocates nothing once `rules` was seen.
 */
export function leanIdenticalStatus(origin: Buffer, replay: Buffer, rules: HeaderRules = DEFAULT_HEADER_RULES): number | null {
  const wanted = wantedFor(rules);
  if (!originHead.scan(origin, wanted) || !replayHead.scan(replay, wanted)) return null;
  if (originHead.status !== replayHead.status) return null;
  if (origin.compare(replay, replayHead.bodyStart, replayHead.bodyEnd, originHead.bodyStart, originHead.bodyEnd) !== 0) return null;
  return originHead.sameValues(origin, replayHead, replay, wanted) ? originHead.status : null;
}

/** The status code of one response read the lean way; null when the full parser must read it. */
export function leanStatus(payload: Buffer): number | null {
  return originHead.scan(payload, NO_FIELDS) ? originHead.status : null;
}

const NO_FIELDS = new WantedFields([]);
