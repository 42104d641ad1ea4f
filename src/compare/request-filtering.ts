import { decodeBody } from '../protocol/body-decoder.js';
import { HttpHeaders, parseHttpMessage } from '../protocol/http-payload.js';
import { ResponseHead, WantedFields } from '../protocol/response-head.js';
import { NOT_JSON, parseJsonBody } from './json-body.js';
import { passesFilters } from './request-filter.js';
import type { FilterRule } from './request-filter.js';

/*
 * The request filters, applied to a watched request's payload. Most filters read the JSON
 * body (`robot_id`) or the query, and most request bodies are framed plainly: then the body
 * is found from the head read in place (see protocol/response-head.ts), and neither the
 * headers nor the body's framing are parsed into objects. Header filters, chunked or encoded
 * bodies and anything the lean reading leaves alone go through parseHttpMessage and
 * decodeBody, which decide the same (the differential test holds the two together).
 */

const head = new ResponseHead();
/** The field that would make the raw body differ from the decoded one. */
const CODINGS = new WantedFields(['content-encoding']);
const NO_HEADERS = new HttpHeaders([]);

/**
 * Whether the request passes every filter. `query` is its request line's query string, as
 * parseRequestLine read it; `maxBodyBytes` caps the body decoded for body filters.
 */
export function requestPassesFilters(filters: readonly FilterRule[], payload: Buffer, query: string, maxBodyBytes: number): boolean {
  if (filters.some((filter) => filter.source === 'header') || !head.scan(payload, CODINGS, true) || head.count > 0) {
    return requestPassesFiltersFully(filters, payload, maxBodyBytes);
  }
  const body = payload.subarray(head.bodyStart, head.bodyEnd);
  let json: unknown;
  const readJson = (): unknown => {
    // As decodeBody would: a body over the cap is not decoded, so it is not JSON.
    if (json === undefined) json = body.length > maxBodyBytes ? NOT_JSON : parseJsonBody(body);
    return json;
  };
  return passesFilters(filters, { query, headers: NO_HEADERS, json: readJson });
}

/** The same decision with the request parsed in full: the reference the lean reading is held to. */
export function requestPassesFiltersFully(filters: readonly FilterRule[], payload: Buffer, maxBodyBytes: number): boolean {
  const http = parseHttpMessage(payload, 'request');
  if (!http.ok) return false;
  let json: unknown;
  const readJson = (): unknown => {
    if (json === undefined) {
      const body = decodeBody(http, { maxBytes: maxBodyBytes });
      json = body.ok ? parseJsonBody(body.body) : NOT_JSON;
    }
    return json;
  };
  return passesFilters(filters, { query: http.query ?? '', headers: http.headers, json: readJson });
}
