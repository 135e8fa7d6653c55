import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidItemError } from '../../../src-main/core/pipeline/invalid-item.ts';
import type { JsonObject, JsonValue } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';
import {
  eventFromSecurityReport,
  normalizeSecurityReport,
} from '../../../src-main/core/pipeline/security-report.ts';
import { corpusPresent, RELAY_DIR, readRelayJson, warnIfCorpusMissing } from './corpus.ts';

warnIfCorpusMissing();

// What Relay's integration test (tests/integration/test_security_report.py) sent with every report.
const RELEASE = '01d5c3165d9fbc5c8bdcf9550a1d6793a80fc02b';
const CLIENT_IP = '127.0.0.1';
const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/74.0.3729.169 Safari/537.36';
const ITEM_HEADERS = {
  type: 'raw_security',
  content_type: 'application/json',
  sentry_release: RELEASE,
  sentry_environment: 'production',
};

const convert = (report: JsonValue, origin: string | null = null) =>
  eventFromSecurityReport(Buffer.from(JSON.stringify(report)), ITEM_HEADERS, origin);
const convertFile = (name: string) =>
  eventFromSecurityReport(readFileSync(path.join(RELAY_DIR, `${name}.input.json`)), ITEM_HEADERS, null);

/** The `InvalidItemError` a report is rejected with. */
function rejection(payload: string): InvalidItemError {
  try {
    eventFromSecurityReport(Buffer.from(payload), ITEM_HEADERS, null);
  } catch (error) {
    if (error instanceof InvalidItemError) return error;
    throw error;
  }
  throw new Error(`accepted: ${payload}`);
}

describe("the corpus's security reports (Relay's tests/integration/fixtures/security_report)", () => {
  it.skipIf(!corpusPresent)('csp matches what Relay stored, plus the blocked-host tag', () => {
    const event = convertFile('csp');
    normalizeSecurityReport(event, CLIENT_IP, CHROME_UA);
    const expected = readRelayJson('csp.no_processing.output.json');
    for (const field of [
      'type',
      'csp',
      'culprit',
      'environment',
      'logentry',
      'logger',
      'release',
      'request',
      'user',
    ]) {
      expect(event[field], field).toEqual(expected[field]);
    }
    // The fixture predates the blocked-host tag; Relay's test_csp_msdn (same report) has it.
    expect(event.tags).toEqual([
      ...(expected.tags as JsonValue[]),
      ['blocked-host', 'evilhackerscripts.com'],
    ]);
  });

  // Relay's test_csp_get_message_9 and test_csp_culprit_1; its csp_chrome.no_processing.output.json
  // agrees. An empty referrer adds no Referer header, and unknown keys stay in the interface.
  it.skipIf(!corpusPresent)('csp_chrome names the blocked host and port and keeps the status code', () => {
    const event = convertFile('csp_chrome');
    expect(event.type).toBe('csp');
    expect(event.logentry).toEqual({ formatted: "Blocked 'style' from 'localhost:8000'" });
    expect(event.culprit).toBe('style-src cdn.example.com');
    expect(event.tags).toEqual([
      ['effective-directive', 'style-src'],
      ['blocked-uri', 'http://localhost:8000/lol.css'],
      ['blocked-host', 'localhost'],
    ]);
    expect(event.request).toEqual({ url: 'http://localhost:8000/' });
    expect(event.csp).toMatchObject({
      effective_directive: 'style-src',
      status_code: 200,
      referrer: '',
      'effective-directive_full': 'style-src',
    });
    expect(event).toMatchObject({ release: RELEASE, environment: 'production' });
  });

  // Relay's test_csp_get_message_9 is this very report.
  it.skipIf(!corpusPresent)('csp_chrome_blocked_asset is blocked from notlocalhost:8000', () => {
    const event = convertFile('csp_chrome_blocked_asset');
    expect(event.type).toBe('csp');
    expect(event.logentry).toEqual({ formatted: "Blocked 'style' from 'notlocalhost:8000'" });
    expect(event.culprit).toBe('style-src cdn.example.com');
    expect(event.tags).toEqual([
      ['effective-directive', 'style-src'],
      ['blocked-uri', 'http://notlocalhost:8000/lol.css'],
      ['blocked-host', 'notlocalhost'],
    ]);
  });

  // Relay's test_effective_directive_from_violated_directive_single (Firefox sends no
  // effective-directive) and test_csp_culprit_0 (a source with its own scheme is kept).
  it.skipIf(!corpusPresent)('csp_firefox_blocked_asset takes the directive from violated-directive', () => {
    const event = convertFile('csp_firefox_blocked_asset');
    expect(event.type).toBe('csp');
    expect(event.logentry).toEqual({ formatted: "Blocked 'style' from 'notlocalhost:8000'" });
    expect(event.culprit).toBe('style-src http://cdn.example.com');
    expect(event.tags).toEqual([
      ['effective-directive', 'style-src'],
      ['blocked-uri', 'http://notlocalhost:8000/lol.css'],
      ['blocked-host', 'notlocalhost'],
    ]);
    expect((event.csp as JsonObject).effective_directive).toBe('style-src');
  });

  // Relay's test_expectct_basic; dates come back in UTC with +00:00.
  it.skipIf(!corpusPresent)('expect_ct becomes an expectct event for its hostname', () => {
    const event = convertFile('expect_ct');
    expect(event.type).toBe('expectct');
    expect(event.logentry).toEqual({ formatted: "Expect-CT failed for 'www.example.com'" });
    expect(event.culprit).toBe('www.example.com');
    expect(event.tags).toEqual([
      ['hostname', 'www.example.com'],
      ['port', '443'],
    ]);
    expect(event.request).toEqual({ url: 'www.example.com' });
    expect(event.expectct).toEqual({
      date_time: '2014-04-06T13:00:50+00:00',
      hostname: 'www.example.com',
      port: 443,
      effective_expiration_date: '2014-05-01T12:40:50+00:00',
      served_certificate_chain: ['-----BEGIN CERTIFICATE-----\nABC\n-----END CERTIFICATE-----'],
      validated_certificate_chain: ['-----BEGIN CERTIFICATE-----\nCDE\n-----END CERTIFICATE-----'],
      scts: [{ version: 1, status: 'invalid', source: 'embedded', serialized_sct: 'ABCD==' }],
    });
  });

  // Relay's test_expectstaple_basic.
  it.skipIf(!corpusPresent)('expect_staple becomes an expectstaple event tagged with both statuses', () => {
    const event = convertFile('expect_staple');
    expect(event.type).toBe('expectstaple');
    expect(event.logentry).toEqual({ formatted: "Expect-Staple failed for 'www.example.com'" });
    expect(event.culprit).toBe('www.example.com');
    expect(event.tags).toEqual([
      ['hostname', 'www.example.com'],
      ['port', '443'],
      ['response_status', 'ERROR_RESPONSE'],
      ['cert_status', 'REVOKED'],
    ]);
    expect(event.request).toEqual({ url: 'www.example.com' });
    expect(event.expectstaple).toEqual({
      date_time: '2014-04-06T13:00:50+00:00',
      hostname: 'www.example.com',
      port: 443,
      effective_expiration_date: '2014-05-01T12:40:50+00:00',
      response_status: 'ERROR_RESPONSE',
      cert_status: 'REVOKED',
      served_certificate_chain: ['-----BEGIN CERTIFICATE-----\nABC\n-----END CERTIFICATE-----'],
      validated_certificate_chain: ['-----BEGIN CERTIFICATE-----\nCDE\n-----END CERTIFICATE-----'],
    });
  });

  // Relay's test_hpkp_basic: no culprit, include-subdomains as a tag.
  it.skipIf(!corpusPresent)('hpkp is recognised by its known-pins and has no culprit', () => {
    const event = convertFile('hpkp');
    expect(event.type).toBe('hpkp');
    expect(event.logentry).toEqual({
      formatted: "Public key pinning validation failed for 'www.example.com'",
    });
    expect(event.culprit).toBeUndefined();
    expect(event.tags).toEqual([
      ['hostname', 'www.example.com'],
      ['port', '443'],
      ['include-subdomains', 'false'],
    ]);
    expect(event.request).toEqual({ url: 'www.example.com' });
    expect(event.hpkp).toMatchObject({
      date_time: '2014-04-06T13:00:50+00:00',
      effective_expiration_date: '2014-05-01T12:40:50+00:00',
      include_subdomains: false,
      known_pins: [
        'pin-sha256="d6qzRu9zOECb90Uez27xWltNsj0e1Md7GkYYkVoZWmM="',
        'pin-sha256="E9CZ9INDbd+2eRQozYqqbQ2yXLVKB9+xcprMF+44U1g="',
      ],
    });
  });

  it.skipIf(!corpusPresent)(
    'a normalized CSP event keeps logger csp, the client IP and a browser context',
    () => {
      const event = convertFile('csp');
      normalizeSecurityReport(event, CLIENT_IP, CHROME_UA);
      const { event: normalized } = normalizeEvent(event, { receivedAt: new Date(), projectId: 42 });
      expect(normalized.type).toBe('csp');
      expect(normalized.logger).toBe('csp');
      expect((normalized.user as JsonObject).ip_address).toBe(CLIENT_IP);
      expect((normalized.contexts as JsonObject).browser).toMatchObject({
        name: 'Chrome',
        version: '74.0.3729',
      });
    },
  );
});

describe('CSP reports as Relay reads them (relay-event-schema security_report.rs unit tests)', () => {
  const csp = (report: JsonObject) => convert({ 'csp-report': report });

  it("the document's own origin in a source list becomes 'self' (test_csp_culprit_4, _5)", () => {
    const base = { 'document-uri': 'http://example.com/foo', 'effective-directive': 'style-src' };
    expect(csp({ ...base, 'violated-directive': 'style-src http://example.com' }).culprit).toBe(
      "style-src 'self'",
    );
    expect(csp({ ...base, 'violated-directive': 'style-src http://example2.com example.com' }).culprit).toBe(
      "style-src http://example2.com 'self'",
    );
  });

  it('card data in a Stripe URL stays out of the blocked-uri tag (test_csp_tags_stripe)', () => {
    const event = csp({
      'document-uri': 'https://example.com',
      'blocked-uri': 'https://api.stripe.com/v1/tokens?card[number]=xxx',
      'effective-directive': 'script-src',
    });
    expect(event.tags).toEqual([
      ['effective-directive', 'script-src'],
      ['blocked-uri', 'https://api.stripe.com/v1/tokens'],
      ['blocked-host', 'api.stripe.com'],
    ]);
  });

  it('a missing blocked-uri is the page itself (test_csp_coerce_blocked_uri_if_missing)', () => {
    const event = csp({ 'document-uri': 'http://example.com', 'effective-directive': 'script-src' });
    expect(event.logentry).toEqual({ formatted: "Blocked unsafe (eval() or inline) 'script'" });
    expect(event.culprit).toBe('');
    expect(event.csp).toEqual({
      effective_directive: 'script-src',
      blocked_uri: 'self',
      document_uri: 'http://example.com',
      violated_directive: '',
    });
  });

  it('scheme-only and data: URIs, and the inline and eval markers, have their own wording', () => {
    const message = (blocked: string, directive = 'script-src') =>
      (
        csp({
          'document-uri': 'http://example.com/foo',
          'effective-directive': directive,
          'blocked-uri': blocked,
        }).logentry as JsonObject
      ).formatted;
    expect(message('data:text/plain;base64,SGVsbG8sIFdvcmxkIQ%3D%3D')).toBe("Blocked 'script' from 'data:'");
    expect(message('data')).toBe("Blocked 'script' from 'data:'");
    expect(message('inline')).toBe("Blocked unsafe inline 'script'");
    expect(message('eval')).toBe("Blocked unsafe eval() 'script'");
    expect(message('inline', 'style-src')).toBe("Blocked 'style' from 'inline:'");
    expect(message('http://google.com/foo', 'img-src')).toBe("Blocked 'image' from 'google.com'");
    expect(message('', 'style-src-attr')).toBe('Blocked style attribute');
  });

  it('a Reporting API csp-violation body with camelCase keys and numeric strings is read too', () => {
    const event = convert({
      age: 0,
      type: 'csp-violation',
      url: 'https://example.com/tst/test_frame.php',
      body: {
        blockedURL: 'https://example.com/tst/media/7_del.png',
        disposition: 'enforce',
        documentURL: 'https://example.com/tst/test_frame.php',
        effectiveDirective: 'img-src',
        lineNumber: '9',
        originalPolicy: "default-src 'none'; report-to endpoint-csp;",
        referrer: 'https://example.com/test229/',
        statusCode: 0,
      },
    });
    expect(event.type).toBe('csp');
    expect(event.logentry).toEqual({ formatted: "Blocked 'image' from 'example.com'" });
    expect(event.request).toEqual({
      url: 'https://example.com/tst/test_frame.php',
      headers: [['Referer', 'https://example.com/test229/']],
    });
    expect(event.csp).toMatchObject({
      blocked_uri: 'https://example.com/tst/media/7_del.png',
      line_number: 9,
    });
  });

  it('the Origin header is kept as a URL, and only an http(s) one', () => {
    const report = {
      'csp-report': { 'document-uri': 'http://example.com/', 'effective-directive': 'img-src' },
    };
    expect((convert(report, 'https://example.com').request as JsonObject).headers).toEqual([
      ['Origin', 'https://example.com/'],
    ]);
    expect((convert(report, 'chrome-extension://abc').request as JsonObject).headers).toBeUndefined();
  });
});

describe('reports that are not turned into events', () => {
  it('a payload that is not JSON is invalid_json', () => {
    expect(rejection('<html>').reason).toBe('invalid_json');
  });

  it('JSON of no known report kind is security_report_type', () => {
    expect(rejection('{"hello": "world"}').reason).toBe('security_report_type');
    expect(rejection('{"csp-report": null}').reason).toBe('security_report_type');
  });

  it('a Reporting API report other than a CSP violation is filtered as invalid-csp', () => {
    expect(rejection('{"type": "deprecation", "body": {"id": "x"}}').reason).toBe('invalid-csp');
  });

  it('a CSP report naming no known directive is security_report (test_csp_apply_to_event_requires_a_known_directive)', () => {
    const error = rejection(
      '{"csp-report": {"blocked-uri": "inline", "violated-directive": "not-a-directive"}}',
    );
    expect(error.reason).toBe('security_report');
    expect(error.message).toContain('no known CSP directive');
  });

  it('malformed Expect-CT, Expect-Staple and HPKP reports are security_report', () => {
    const ct = { hostname: 'www.example.com', 'date-time': 'Not an RFC3339 datetime' };
    expect(rejection(JSON.stringify({ 'expect-ct-report': ct })).reason).toBe('security_report');
    const staple = { hostname: 'www.example.com', 'cert-status': 'MAYBE' };
    expect(rejection(JSON.stringify({ 'expect-staple-report': staple })).reason).toBe('security_report');
    expect(rejection('{"known-pins": ["pin-sha256=\\"x\\""]}').message).toContain("missing field 'hostname'");
  });
});

describe('normalizeSecurityReport', () => {
  it('fills logger, user IP and User-Agent of a security event, keeping what it already has', () => {
    const event: JsonObject = {
      csp: { effective_directive: 'img-src' },
      logger: 'mine',
      request: { headers: [['user-agent', 'Firefox']] },
    };
    normalizeSecurityReport(event, '10.1.2.3', CHROME_UA);
    expect(event.logger).toBe('mine');
    expect(event.user).toEqual({ ip_address: '10.1.2.3' });
    expect(event.request).toEqual({ headers: [['user-agent', 'Firefox']] });
  });

  it('leaves an event without a security interface alone', () => {
    const event: JsonObject = { message: 'hello' };
    normalizeSecurityReport(event, CLIENT_IP, CHROME_UA);
    expect(event).toEqual({ message: 'hello' });
  });
});
