/**
 * The function allow-list (snuba/query/functions.py): ClickHouse regular, aggregate (with
 * combinator suffixes) and higher-order functions plus Snuba's custom ones. In Snuba the list is
 * only enforced behind `function-validator.enabled`; Faultline always enforces it, because an
 * unknown name would otherwise fail later, in DuckDB, with a less useful message.
 */

const AGGREGATES = `count min max sum avg any anyLast anyHeavy argMin argMax avgWeighted topK topKWeighted
  groupArray groupArrayInsertAt groupArrayMovingAvg groupArrayMovingSum groupArraySample groupBitAnd groupBitOr
  groupBitXor groupBitmap groupUniqArray sumWithOverflow sumMap minMap maxMap sumKahan skewSamp skewPop kurtSamp
  kurtPop uniq uniqExact uniqCombined uniqCombined64 uniqHLL12 uniqTheta uniqUpTo quantile quantiles quantileExact
  quantilesExact quantileExactLow quantileExactHigh quantileExactWeighted quantilesExactWeighted quantileTiming
  quantilesTiming quantileTimingWeighted quantileTDigest quantilesTDigest quantileTDigestWeighted
  quantileDeterministic quantileBFloat16 median medianExact medianTiming medianTDigest varSamp varPop stddevSamp
  stddevPop stddev variance covarSamp covarPop corr simpleLinearRegression histogram sequenceMatch sequenceCount
  windowFunnel retention deltaSum entropy boundingRatio categoricalInformationValue rankCorr exponentialMovingAverage
  first_value last_value last top`;

const REGULAR = `plus minus multiply divide intDiv intDivOrZero modulo moduloOrZero negate abs gcd lcm
  equals notEquals less greater lessOrEquals greaterOrEquals and or not xor in notIn like notLike ilike notILike
  isNull isNotNull ifNull nullIf coalesce assumeNotNull toNullable isFinite isInfinite ifNotFinite isNaN
  if multiIf tuple tupleElement untuple array identity
  toInt8 toInt16 toInt32 toInt64 toUInt8 toUInt16 toUInt32 toUInt64 toFloat32 toFloat64 toDecimal32 toDecimal64
  toInt64OrZero toInt64OrNull toUInt64OrZero toUInt64OrNull toFloat64OrZero toFloat64OrNull toString
  toFixedString toStringCutToZero toUUID toUUIDOrNull toUUIDOrZero reinterpretAsString CAST cast toTypeName
  toDate toDateTime toDateTime64 toDateOrNull toDateTimeOrNull parseDateTimeBestEffort parseDateTimeBestEffortOrNull
  toYear toQuarter toMonth toDayOfYear toDayOfMonth toDayOfWeek toHour toMinute toSecond toUnixTimestamp
  toStartOfYear toStartOfQuarter toStartOfMonth toMonday toStartOfWeek toStartOfDay toStartOfHour
  toStartOfMinute toStartOfFiveMinute toStartOfFiveMinutes toStartOfTenMinutes toStartOfFifteenMinutes
  toStartOfInterval toTime toRelativeYearNum toRelativeMonthNum toRelativeWeekNum toRelativeDayNum
  toRelativeHourNum toRelativeMinuteNum toRelativeSecondNum toISOYear toISOWeek toYYYYMM toYYYYMMDD toYYYYMMDDhhmmss
  now today yesterday timeSlot timeSlots formatDateTime dateDiff dateAdd dateSub addSeconds addMinutes addHours
  addDays addWeeks addMonths addYears subtractSeconds subtractMinutes subtractHours subtractDays subtractWeeks
  subtractMonths subtractYears toIntervalSecond toIntervalMinute toIntervalHour toIntervalDay toIntervalWeek
  toIntervalMonth toIntervalYear
  empty notEmpty length lengthUTF8 lower upper lowerUTF8 upperUTF8 reverse concat substring substr substringUTF8
  appendTrailingCharIfAbsent trim trimLeft trimRight trimBoth leftPad rightPad startsWith endsWith position
  positionCaseInsensitive positionUTF8 positionCaseInsensitiveUTF8 match extract extractAll replaceOne replaceAll
  replaceRegexpOne replaceRegexpAll splitByChar splitByString splitByRegexp arrayStringConcat format
  multiSearchAny multiSearchFirstIndex multiMatchAny countSubstrings base64Encode base64Decode hex unhex
  lowerCaseHex toValidUTF8 visibleWidth repeat left right
  has hasAll hasAny indexOf countEqual arrayElement arrayJoin arrayConcat arraySlice arrayPushBack arrayPushFront
  arrayPopBack arrayPopFront arrayResize arrayEnumerate arrayEnumerateUniq arrayUniq arrayDistinct arrayReverse
  arrayFlatten arrayCompact arrayZip arrayIntersect arrayReduce arrayStringConcat arraySort arrayReverseSort
  range emptyArrayString emptyArrayUInt64 arrayWithConstant
  arrayMap arrayFilter arrayExists arrayAll arrayFirst arrayFirstIndex arrayLast arrayLastIndex arrayCount
  arraySum arrayAvg arrayMin arrayMax arrayCumSum arraySplit arrayFill arrayReverseFill arrayProduct
  round floor ceil trunc sqrt cbrt exp exp2 exp10 log log2 log10 ln pow power sign least greatest e pi
  intExp2 intExp10 sin cos tan asin acos atan erf erfc lgamma tgamma
  cityHash64 sipHash64 sipHash128 halfMD5 MD5 farmHash64 murmurHash2_64 murmurHash3_64 xxHash64 javaHash hiveHash
  IPv4NumToString IPv4StringToNum IPv6NumToString IPv6StringToNum toIPv4 toIPv6 isIPv4String isIPv6String
  domain domainWithoutWWW protocol topLevelDomain path pathFull queryString fragment extractURLParameter
  cutQueryString cutFragment
  JSONExtract JSONExtractString JSONExtractInt JSONExtractFloat JSONExtractBool JSONExtractRaw JSONHas JSONLength
  visitParamExtractString visitParamExtractInt
  generateUUIDv4 bitAnd bitOr bitXor bitNot bitShiftLeft bitShiftRight bitTest
  mapKeys mapValues mapContains map
  emptyIfNull isHandled notHandled apdex failure_rate`;

/** ClickHouse aggregate-function combinators; Snuba accepts them stacked on any aggregate. */
const COMBINATORS = [
  'If',
  'Array',
  'Merge',
  'State',
  'MergeState',
  'OrNull',
  'OrDefault',
  'Distinct',
  'ForEach',
  'Resample',
  'SimpleState',
  'Map',
];

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter((w) => w.length > 0));

export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = words(AGGREGATES);
const REGULAR_FUNCTIONS: ReadonlySet<string> = words(REGULAR);

/** `countIf`, `uniqMerge`, `sumIfOrNull`: an aggregate with up to two combinators. */
export function aggregateBase(name: string): string | undefined {
  if (AGGREGATE_FUNCTIONS.has(name)) return name;
  for (const c1 of COMBINATORS) {
    if (!name.endsWith(c1)) continue;
    const head = name.slice(0, -c1.length);
    if (AGGREGATE_FUNCTIONS.has(head)) return head;
    for (const c2 of COMBINATORS) {
      if (head.endsWith(c2) && AGGREGATE_FUNCTIONS.has(head.slice(0, -c2.length)))
        return head.slice(0, -c2.length);
    }
  }
  return undefined;
}

export function isKnownFunction(name: string): boolean {
  return REGULAR_FUNCTIONS.has(name) || aggregateBase(name) !== undefined;
}

export function isAggregateFunction(name: string): boolean {
  return aggregateBase(name) !== undefined;
}

/** Every known function name (for completion). */
export function knownFunctionNames(): string[] {
  return [
    ...REGULAR_FUNCTIONS,
    ...AGGREGATE_FUNCTIONS,
    ...[...AGGREGATE_FUNCTIONS].map((a) => `${a}If`),
  ].sort();
}
