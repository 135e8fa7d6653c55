/**
 * The one API contract between the renderer and the core: method → params schema → result type.
 * The preload bridge, the HTTP RPC, the renderer client and its react-query hooks are all derived
 * from this object; adding a method is one entry here plus its handler in src-main/core/api/.
 */
import { z } from 'zod';
import { activityParams, type IssueActivityPage } from './activity-api.ts';
import { type AgentsOverview, type AgentTrace, agentsParams } from './agents-api.ts';
import { type AssetDetail, type AssetList, assetsParams } from './assets-api.ts';
import { type AutoResolve, autoResolveParams } from './auto-resolve-api.ts';
import { type CacheLanding, type CacheTransactionDetail, cachesParams } from './caches-api.ts';
import { type CronCheckInList, type CronMonitorList, cronParams } from './crons-api.ts';
import {
  type Dashboard,
  type DashboardListItem,
  dashboardParams,
  type IssueSeries,
  type IssueWidgetTable,
} from './dashboards-api.ts';
import {
  type DiscoverDataset,
  type DiscoverFacets,
  type DiscoverTable,
  discoverParams,
  type EventsStats,
} from './discover-api.ts';
import { type DiscoverSavedQuery, discoverSavedParams } from './discover-saved-api.ts';
import { environmentParams } from './environments-api.ts';
import type { ErrorPayload } from './errors.ts';
import { type ExploreSavedQuery, exploreSavedParams } from './explore-saved-api.ts';
import {
  type ExportChunk,
  type ExportProgress,
  exportParams,
  type ImportReport,
  importParams,
} from './export-api.ts';
import { type FeedbackList, feedbackParams } from './feedback-api.ts';
import { type GroupingRules, groupingRulesParams } from './grouping-rules-api.ts';
import { type InboundFilters, inboundFiltersParams } from './inbound-filters-api.ts';
import { insightsParams, type QueryGroupList, type QuerySampleList } from './insights-api.ts';
import { type IssueAttachmentList, issueAttachmentParams } from './issue-attachments-api.ts';
import { type IssueView, issueViewParams } from './issue-views-api.ts';
import {
  type AttachmentContent,
  type EventDetail,
  type EventGroupingInfo,
  type EventList,
  type IssueActivity,
  type IssueCounts,
  type IssueDetail,
  type IssueList,
  type IssueStats,
  issueParams,
  type ProjectRelease,
  type TagDistribution,
  type UserFeedbackList,
} from './issues-api.ts';
import { type LogList, logParams } from './logs-api.ts';
import { type MetricChart, type MetricNameList, metricParams } from './metrics-api.ts';
import { performanceParams, type TransactionList, type TransactionSummary } from './performance-api.ts';
import {
  type AggregateProfile,
  type ProfileDetail,
  type ProfileList,
  profileParams,
} from './profiles-api.ts';
import { type QueueDestinationDetail, type QueueDestinationList, queuesParams } from './queues-api.ts';
import { type ProjectRateLimit, rateLimitParams } from './rate-limit-api.ts';
import { type ReleaseHealthList, releaseHealthParams } from './releases-api.ts';
import { type IssueReplayList, type ReplayDetail, type ReplayList, replayParams } from './replays-api.ts';
import { type RequestDomainDetail, type RequestDomainList, requestsParams } from './requests-api.ts';
import {
  type ClearResult,
  type OpenInEditorResult,
  type SampleEventResult,
  type SettingsView,
  settingsParams,
} from './settings-api.ts';
import {
  type SavedQuery,
  type SnqlExplainResponse,
  type SnqlExportResponse,
  type SnqlResponse,
  snqlParams,
} from './snql-api.ts';
import { type TagValuePage, tagValuesParams } from './tag-values-api.ts';
import { type EventTrace, type TraceList, type TraceSpanList, traceParams } from './trace-api.ts';
import { type WebVitalsAnswer, webVitalsParams } from './web-vitals-api.ts';

/** A method's params are a runtime schema; its result is a compile-time type only. */
export interface MethodSpec<P extends z.ZodType, R> {
  readonly params: P;
  /** Phantom: never set; carries the result type. */
  readonly result?: R;
}

function method<R>() {
  return <P extends z.ZodType>(params: P): MethodSpec<P, R> => ({ params });
}

const noParams = z.object({}).strict();
const projectId = z.number().int().positive();

export interface AppInfo {
  version: string;
  mode: 'desktop' | 'headless';
  dataDir: string;
  ingestUrl: string;
  nodeVersion: string;
}

export interface ProjectKey {
  id: number;
  publicKey: string;
  label: string;
  isActive: boolean;
  dsn: string;
}

export interface Project {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
  /**
   * Start of the hour the project's first error event was accepted (Sentry's `firstEvent`), from
   * the outcomes; null until then. The issue list waits for events while it is null.
   */
  firstEvent: string | null;
  keys: ProjectKey[];
}

/** The durable ingest queue, as `queue.stats` reports it. */
export interface QueueStats {
  /** Envelopes waiting (claimed or not). */
  depth: number;
  bytes: number;
  /** Envelopes leased by the pipeline and not yet acknowledged. */
  claimed: number;
  oldestReceivedAt: string | null;
  /** Envelopes ever queued in this data dir. */
  enqueuedTotal: number;
  maxRows: number;
  maxBytes: number;
}

export type OutcomeName =
  | 'accepted'
  | 'filtered'
  | 'rate_limited'
  | 'invalid'
  | 'abuse'
  | 'client_discard'
  | 'cardinality_limited';

/** One outcome counter: per project, hour, data category, outcome and reason (Relay's outcomes). */
export interface OutcomeRow {
  projectId: number;
  /** Start of the hour, ISO 8601. */
  hour: string;
  category: string;
  outcome: OutcomeName;
  reason: string;
  quantity: number;
}

const timeBound = z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]);

export const apiContract = {
  'app.info': method<AppInfo>()(noParams),
  'projects.list': method<Project[]>()(noParams),
  'projects.get': method<Project>()(z.object({ projectId }).strict()),
  'projects.create': method<Project>()(z.object({ name: z.string(), slug: z.string().optional() }).strict()),
  'projects.rename': method<Project>()(z.object({ projectId, name: z.string() }).strict()),
  'projects.setKeyActive': method<ProjectKey>()(
    z.object({ projectId, keyId: z.number().int().positive(), active: z.boolean() }).strict(),
  ),
  'projects.createKey': method<ProjectKey>()(z.object({ projectId, label: z.string().optional() }).strict()),
  'projects.renameKey': method<ProjectKey>()(
    z.object({ projectId, keyId: z.number().int().positive(), label: z.string() }).strict(),
  ),
  'projects.getRateLimit': method<ProjectRateLimit | null>()(rateLimitParams.get),
  'projects.setRateLimit': method<ProjectRateLimit | null>()(rateLimitParams.set),
  'projects.getInboundFilters': method<InboundFilters>()(inboundFiltersParams.get),
  'projects.setInboundFilters': method<InboundFilters>()(inboundFiltersParams.set),
  'projects.getAutoResolve': method<AutoResolve>()(autoResolveParams.get),
  'projects.setAutoResolve': method<AutoResolve>()(autoResolveParams.set),
  'projects.getGroupingRules': method<GroupingRules>()(groupingRulesParams.get),
  'projects.setGroupingRules': method<GroupingRules>()(groupingRulesParams.set),
  'projects.sendSampleEvent': method<SampleEventResult>()(settingsParams.sample),
  'settings.get': method<SettingsView>()(settingsParams.get),
  'settings.update': method<SettingsView>()(settingsParams.update),
  'data.clear': method<ClearResult>()(settingsParams.clear),
  'queue.stats': method<QueueStats>()(noParams),
  'outcomes.list': method<OutcomeRow[]>()(
    z
      .object({ projectId: projectId.optional(), since: timeBound.optional(), until: timeBound.optional() })
      .strict(),
  ),
  'issues.list': method<IssueList>()(issueParams.list),
  'issues.environments': method<string[]>()(issueParams.environments),
  'environments.list': method<string[]>()(environmentParams.list),
  'issues.get': method<IssueDetail>()(issueParams.get),
  'issues.stats': method<IssueStats>()(issueParams.stats),
  'issues.tags': method<TagDistribution[]>()(issueParams.tags),
  'issues.tagValues': method<TagValuePage>()(tagValuesParams),
  'issues.attachments': method<IssueAttachmentList>()(issueAttachmentParams.list),
  'issues.events': method<EventList>()(issueParams.events),
  'issues.feedback': method<UserFeedbackList>()(issueParams.feedback),
  'issues.replays': method<IssueReplayList>()(issueParams.replays),
  'issues.counts': method<IssueCounts>()(issueParams.counts),
  'issues.update': method<{ changed: number }>()(issueParams.update),
  'issues.merge': method<{ primaryId: number; mergedIds: number[] }>()(issueParams.merge),
  'issues.unmerge': method<{ sourceId: number; destinationId: number; hashes: string[] }>()(
    issueParams.unmerge,
  ),
  'issues.delete': method<{ deleted: number[] }>()(issueParams.delete),
  'issues.activity': method<IssueActivityPage>()(activityParams.list),
  'issues.notes.add': method<IssueActivity>()(activityParams.addNote),
  'issues.notes.update': method<IssueActivity>()(activityParams.updateNote),
  'issues.notes.delete': method<{ deleted: true }>()(activityParams.deleteNote),
  'issues.views.list': method<IssueView[]>()(issueViewParams.list),
  'issues.views.starred': method<IssueView[]>()(noParams),
  'issues.views.get': method<IssueView>()(issueViewParams.get),
  'issues.views.save': method<IssueView>()(issueViewParams.save),
  'issues.views.delete': method<{ deleted: true }>()(issueViewParams.delete),
  'issues.views.star': method<{ changed: boolean }>()(issueViewParams.star),
  'issues.views.reorder': method<IssueView[]>()(issueViewParams.reorder),
  'issues.views.visit': method<IssueView>()(issueViewParams.visit),
  'releases.list': method<ProjectRelease[]>()(issueParams.releases),
  'releases.health': method<ReleaseHealthList>()(releaseHealthParams),
  'events.get': method<EventDetail>()(issueParams.eventGet),
  'events.grouping': method<EventGroupingInfo>()(issueParams.grouping),
  'events.trace': method<EventTrace>()(traceParams.event),
  'events.traceSpans': method<TraceSpanList>()(traceParams.spans),
  'traces.list': method<TraceList>()(traceParams.list),
  'traces.get': method<EventTrace>()(traceParams.trace),
  'insights.queries': method<QueryGroupList>()(insightsParams.queries),
  'insights.querySamples': method<QuerySampleList>()(insightsParams.samples),
  'insights.requests': method<RequestDomainList>()(requestsParams.domains),
  'insights.requestDomain': method<RequestDomainDetail>()(requestsParams.domain),
  'insights.webVitals': method<WebVitalsAnswer>()(webVitalsParams),
  'insights.caches': method<CacheLanding>()(cachesParams.landing),
  'insights.cacheSamples': method<CacheTransactionDetail>()(cachesParams.samples),
  'insights.queues': method<QueueDestinationList>()(queuesParams.destinations),
  'insights.queueDestination': method<QueueDestinationDetail>()(queuesParams.destination),
  'insights.agents': method<AgentsOverview>()(agentsParams.overview),
  'insights.agentTrace': method<AgentTrace>()(agentsParams.trace),
  'insights.assets': method<AssetList>()(assetsParams.list),
  'insights.asset': method<AssetDetail>()(assetsParams.detail),
  'performance.transactions': method<TransactionList>()(performanceParams.transactions),
  'performance.summary': method<TransactionSummary>()(performanceParams.summary),
  'logs.list': method<LogList>()(logParams.list),
  'metrics.names': method<MetricNameList>()(metricParams.names),
  'metrics.chart': method<MetricChart>()(metricParams.chart),
  'replays.list': method<ReplayList>()(replayParams.list),
  'replays.get': method<ReplayDetail>()(replayParams.get),
  'profiles.list': method<ProfileList>()(profileParams.list),
  'profiles.get': method<ProfileDetail>()(profileParams.get),
  'profiles.aggregate': method<AggregateProfile>()(profileParams.aggregate),
  'crons.list': method<CronMonitorList>()(cronParams.list),
  'crons.checkIns': method<CronCheckInList>()(cronParams.checkIns),
  'feedback.list': method<FeedbackList>()(feedbackParams.list),
  'attachments.get': method<AttachmentContent>()(issueParams.attachment),
  'attachments.delete': method<{ deleted: number }>()(issueAttachmentParams.delete),
  'events.openInEditor': method<OpenInEditorResult>()(settingsParams.openInEditor),
  'discover.events': method<DiscoverTable>()(discoverParams.events),
  'discover.datasets': method<DiscoverDataset[]>()(discoverParams.datasets),
  'discover.stats': method<EventsStats>()(discoverParams.stats),
  'discover.facets': method<DiscoverFacets>()(discoverParams.facets),
  'discover.saved.list': method<DiscoverSavedQuery[]>()(discoverSavedParams.list),
  'discover.saved.get': method<DiscoverSavedQuery>()(discoverSavedParams.get),
  'discover.saved.save': method<DiscoverSavedQuery>()(discoverSavedParams.save),
  'discover.saved.delete': method<{ deleted: true }>()(discoverSavedParams.delete),
  'explore.saved.list': method<ExploreSavedQuery[]>()(exploreSavedParams.list),
  'explore.saved.get': method<ExploreSavedQuery>()(exploreSavedParams.get),
  'explore.saved.save': method<ExploreSavedQuery>()(exploreSavedParams.save),
  'explore.saved.delete': method<{ deleted: true }>()(exploreSavedParams.delete),
  'explore.saved.star': method<{ changed: boolean }>()(exploreSavedParams.star),
  'dashboards.list': method<DashboardListItem[]>()(dashboardParams.list),
  'dashboards.get': method<Dashboard>()(dashboardParams.get),
  'dashboards.create': method<Dashboard>()(dashboardParams.create),
  'dashboards.update': method<Dashboard>()(dashboardParams.update),
  'dashboards.delete': method<{ deleted: true }>()(dashboardParams.delete),
  'dashboards.validateWidget': method<{ warnings: { queries: never[]; columns: Record<string, never> } }>()(
    dashboardParams.validateWidget,
  ),
  'dashboards.issues': method<IssueWidgetTable>()(dashboardParams.issues),
  'dashboards.issueSeries': method<IssueSeries>()(dashboardParams.issueSeries),
  'snql.query': method<SnqlResponse>()(snqlParams.query),
  'snql.cancel': method<{ cancelled: boolean }>()(snqlParams.cancel),
  'snql.explain': method<SnqlExplainResponse>()(snqlParams.explain),
  'snql.tagKeys': method<string[]>()(snqlParams.tagKeys),
  'snql.export': method<SnqlExportResponse>()(snqlParams.export),
  'snql.saved.list': method<SavedQuery[]>()(snqlParams.savedList),
  'snql.saved.save': method<SavedQuery>()(snqlParams.savedSave),
  'snql.saved.delete': method<{ deleted: boolean }>()(snqlParams.savedDelete),
  'export.start': method<ExportProgress>()(exportParams.start),
  'export.status': method<ExportProgress>()(exportParams.status),
  'export.list': method<ExportProgress[]>()(exportParams.list),
  'export.cancel': method<ExportProgress>()(exportParams.cancel),
  'export.read': method<ExportChunk>()(exportParams.read),
  'import.begin': method<{ importId: string }>()(importParams.begin),
  'import.chunk': method<ImportReport>()(importParams.chunk),
  'import.end': method<ImportReport>()(importParams.end),
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiParams<M extends ApiMethod> = z.input<ApiContract[M]['params']>;
export type ApiParsedParams<M extends ApiMethod> = z.output<ApiContract[M]['params']>;
export type ApiResult<M extends ApiMethod> =
  ApiContract[M] extends MethodSpec<z.ZodType, infer R> ? R : never;

export const API_METHODS = Object.keys(apiContract) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiContract, name);
}

/** Pushed from the core to every UI: the renderer invalidates the matching queries. */
export type LiveEvent =
  | { type: 'hello'; at: string }
  | { type: 'projects.changed' }
  | { type: 'issues.changed'; projectId: number }
  /** The pipeline stored items other than errors (transactions, spans, logs, check-ins, feedback, replays, profiles) of these types. */
  | { type: 'items.changed'; projectId: number; itemTypes: string[] }
  | { type: 'queue.changed'; depth: number }
  | { type: 'export.progress'; progress: ExportProgress }
  | { type: 'settings.changed' }
  | IssueAlertEvent;

/**
 * What one pipeline batch did to issues worth a notification: new issues, regressions, archived
 * issues escalating, and issues over a frequency alert's threshold.
 */
export interface IssueAlert {
  groupId: number;
  shortId: string;
  title: string;
  culprit: string;
  /**
   * `escalating`: archived, and back (its archive's condition met: Sentry's "reappeared").
   * `frequent`: a frequency alert's condition passed (see `condition`).
   */
  change: 'new' | 'regressed' | 'escalating' | 'frequent';
  /** For `frequent`: the condition that passed, in words ("seen more than 10 times in one hour"). */
  condition?: string;
}

export interface IssueAlertEvent {
  type: 'issue.alert';
  projectId: number;
  newCount: number;
  regressedCount: number;
  escalatingCount: number;
  frequentCount: number;
  /** The first few alerted issues (at most 5), newest change first. */
  issues: IssueAlert[];
}

/** What both transports (Electron IPC and HTTP RPC) look like to the renderer. */
export interface ApiTransport {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  subscribe(listener: (event: LiveEvent) => void): () => void;
}

/** Wire shape of one call's outcome on both transports. */
export type RpcResponse<R> = { result: R } | { error: ErrorPayload };

/** The header carrying the per-launch token of `faultline serve`. */
export const TOKEN_HEADER = 'x-faultline-token';
/** The IPC channel names used by the preload bridge. */
export const IPC_CALL_CHANNEL = 'faultline:call';
export const IPC_LIVE_CHANNEL = 'faultline:live';
