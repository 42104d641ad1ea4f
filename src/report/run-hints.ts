import type { SummaryReport } from './stats.js';

/** What a run's end says about it, for telling why nothing (or too little) was judged. */
export interface RunFacts {
  readonly exchanges: SummaryReport['exchanges'];
  readonly messages: SummaryReport['messages'];
  readonly skipped: SummaryReport['skipped'];
  readonly reasons: SummaryReport['reasons'];
  /** Names of the watched routes. */
  readonly routes: readonly string[];
  /** Replay mode: the replayed responses came from the target, not from the input. */
  readonly replay?: {
    /** Requests sent that had no recorded original response, so were never judged. */
    readonly sentWithoutOrigin: number;
  };
}

/** Exchanges whose two responses were compared: ok, warn or error. An incomplete one was not judged. */
export function judgedCount(exchanges: SummaryReport['exchanges']): number {
  return exchanges.ok + exchanges.warn + exchanges.error;
}

/**
 * The line a run ends with when fewer than `minJudged` exchanges were judged, or null:
 * `no exchange was judged: <hints>` or `only 3 exchanges were judged, fewer than --min-samples 200`.
 * Pure.
 */
export function shortfallLine(facts: RunFacts, minJudged: number): string | null {
  const judged = judgedCount(facts.exchanges);
  if (judged >= minJudged) return null;
  const shed = facts.skipped.shed > 0 ? ` (${facts.skipped.shed} shed: the analysis could not keep up; --overload wait judges every exchange)` : '';
  if (judged > 0) return `only ${judged} exchange${judged === 1 ? ' was' : 's were'} judged, fewer than --min-samples ${minJudged}${shed}`;
  const hints = nothingJudgedHints(facts);
  return hints.length === 0 ? 'no exchange was judged' : `no exchange was judged: ${hints.join('; ')}`;
}

/**
 * Why a run judged nothing, when the counts show it: the most telling causes first (an
 * empty input hides every later one). Empty when no cause is recognised. Pure.
 */
export function nothingJudgedHints(facts: RunFacts): string[] {
  const { messages: m, skipped, exchanges } = facts;
  const replayMode = facts.replay !== undefined;
  const withoutOrigin = facts.replay?.sentWithoutOrigin ?? 0;
  if (withoutOrigin > 0 && m.response === 0) {
    return [`none of the ${withoutOrigin} requests sent had a recorded original response (type 2) to judge against: did gor capture with --input-raw-track-response?`];
  }
  const read = m.request + m.response + m.replay;
  if (read + m.malformed + m.oversized === 0) return ['the input was empty'];
  if (read === 0) return [`nothing read is a GoReplay message (${m.malformed} malformed, ${m.oversized} oversized): is it a capture?`];
  if (m.request === 0 && skipped.shed > 0) return [`all ${skipped.shed} requests were shed: the analysis could not keep up; --overload wait judges every exchange`];
  if (m.request === 0) return ['no requests (type 1) in the input'];
  if (skipped.unwatched >= m.request) return [`none of the ${m.request} requests matches a watched route (${facts.routes.join(', ')})`];
  if (skipped.filtered > 0 && skipped.filtered + skipped.unwatched >= m.request) return [`every watched request was left out by the filters (${skipped.filtered} filtered)`];
  const failed = facts.reasons.replay_failed ?? 0;
  if (replayMode && failed > 0 && failed === exchanges.incomplete) return [`all ${failed} replays failed (replay_failed): is the target up and reachable?`];
  const hints: string[] = [];
  if (!replayMode && m.replay === 0) hints.push('no replayed responses (type 3): did gor run with --output-http-track-response?');
  if (m.response === 0) hints.push('no original responses (type 2): did gor capture with --input-raw-track-response?');
  if (hints.length === 0 && exchanges.incomplete > 0) hints.push(`all ${exchanges.incomplete} exchanges were incomplete (${reasonList(facts.reasons)})`);
  return hints;
}

function reasonList(reasons: SummaryReport['reasons']): string {
  return Object.entries(reasons)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
}
