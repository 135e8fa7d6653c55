import { describe, expect, it } from 'vitest';
import { isFromLegacyBrowser } from '../../../src-main/core/pipeline/filters/legacy-browsers.ts';
import type { LegacyBrowser } from '../../../src-shared/inbound-filters-api.ts';

const UA = {
  ie8: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.0; Trident/4.0)',
  ieMobile9:
    'Mozilla/5.0 (compatible; MSIE 9.0; Windows Phone OS 7.5; Trident/5.0; IEMobile/9.0; NOKIA; Lumia 710)',
  ie9: 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 7.1; Trident/5.0)',
  ie10: 'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)',
  ie11: 'Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko',
  operaMini7: 'Opera/9.80 (J2ME/MIDP; Opera Mini/7.0.32796/59.323; U; fr) Presto/2.12.423 Version/12.16',
  operaMini8: 'Opera/9.80 (J2ME/MIDP; Opera Mini/8.0.35158/36.2534; U; en) Presto/2.12.423 Version/12.16',
  opera14:
    'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/27.0.1453.12 Safari/537.36 OPR/14.0.1116.4',
  opera15:
    'Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/28.0.1500.45 Safari/537.36 OPR/15.0.1147.61 (Edition Next)',
  opera12: 'Opera/9.80 (X11; Linux i686; Ubuntu/14.10) Presto/2.12.388 Version/12.16',
  android3:
    'Mozilla/5.0 (Linux; U; Android 3.2; nl-nl; GT-P6800 Build/HTJ85B) AppleWebKit/534.13 (KHTML, like Gecko) Version/4.0 Safari/534.13',
  android4:
    'Mozilla/5.0 (Linux; U; Android 4.1.1; en-gb; Build/KLP) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Safari/534.30',
  safari5:
    'Mozilla/5.0 (Macintosh; U; Intel Mac OS X 1063; tr-DE) AppleWebKit/533.16 (KHTML like Gecko) Version/5.0 Safari/533.16',
  safari6:
    'Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10.17.4; en-GB) AppleWebKit/605.1.5 (KHTML, like Gecko) Version/6.0 Safari/605.1.5',
  chrome41:
    'Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36',
  chrome120:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  edge12:
    'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.10136',
  firefox60: 'Mozilla/5.0 (X11; Linux x86_64; rv:60.0) Gecko/20100101 Firefox/60.0',
  firefox120: 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0',
};

const legacy = (ua: string, browsers: LegacyBrowser[]) =>
  isFromLegacyBrowser({ request: { headers: { 'user-agent': ua } } }, new Set(browsers));

describe('legacy browsers filter (legacy-browsers)', () => {
  it("'default' drops what is below each family's minimum version", () => {
    for (const ua of [UA.ie9, UA.ieMobile9, UA.safari5, UA.opera14, UA.android3, UA.operaMini7, UA.opera12])
      expect(legacy(ua, ['default']), ua).toBe(true);
    for (const ua of [UA.ie10, UA.safari6, UA.opera15, UA.android4, UA.operaMini8, UA.chrome41])
      expect(legacy(ua, ['default']), ua).toBe(false);
  });

  it("Relay's deprecated choices drop their versions only", () => {
    const drops: Array<[string, LegacyBrowser[]]> = [
      [UA.ie10, ['android_pre_4', 'ie10']],
      [UA.ie11, ['ie11']],
      [UA.ie9, ['ie9']],
      [UA.ieMobile9, ['ie9']],
      [UA.ie8, ['opera_pre_15', 'ie_pre_9']],
      [UA.opera14, ['opera_pre_15']],
      [UA.operaMini7, ['opera_mini_pre_8']],
      [UA.android3, ['android_pre_4']],
      [UA.safari5, ['safari_pre_6']],
    ];
    for (const [ua, browsers] of drops) expect(legacy(ua, browsers), `${browsers} ${ua}`).toBe(true);
    const keeps: Array<[string, LegacyBrowser]> = [
      [UA.ie11, 'ie10'],
      [UA.ie10, 'ie9'],
      [UA.ie10, 'ie11'],
      [UA.ie9, 'ie_pre_9'],
      [UA.opera15, 'opera_pre_15'],
      [UA.operaMini8, 'opera_mini_pre_8'],
      [UA.android4, 'android_pre_4'],
      [UA.safari6, 'safari_pre_6'],
    ];
    for (const [ua, browser] of keeps) expect(legacy(ua, [browser]), `${browser} ${ua}`).toBe(false);
  });

  it("Sentry's current choices drop the versions its settings name", () => {
    expect(legacy(UA.chrome41, ['chrome'])).toBe(true);
    expect(legacy(UA.chrome120, ['chrome'])).toBe(false);
    expect(legacy(UA.firefox60, ['firefox'])).toBe(true);
    expect(legacy(UA.firefox120, ['firefox'])).toBe(false);
    expect(legacy(UA.ie11, ['ie'])).toBe(true);
    expect(legacy(UA.edge12, ['edge'])).toBe(true);
    expect(legacy(UA.safari6, ['safari'])).toBe(true);
    expect(legacy(UA.opera15, ['opera'])).toBe(true);
    expect(legacy(UA.operaMini8, ['opera_mini'])).toBe(true);
    // A choice applies to its own family only.
    expect(legacy(UA.chrome41, ['firefox', 'safari', 'ie'])).toBe(false);
  });

  it('keeps events without a User-Agent', () => {
    expect(isFromLegacyBrowser({}, new Set(['default']))).toBe(false);
  });
});
