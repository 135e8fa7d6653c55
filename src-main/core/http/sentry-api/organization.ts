/**
 * Faultline is one Sentry organization, `faultline` (id 1), holding every project: what Sentry's
 * `/organizations/` endpoints list and what the `{org}` of every path must name (by slug or id).
 */
import type { CoreContext } from '../../context.ts';
import { type ApiRequest, type Endpoint, NOT_FOUND, numericId, ok, SentryApiError } from './request.ts';

export const ORGANIZATION_SLUG = 'faultline';
const ORGANIZATION_ID = '1';

/** 404 unless `org` names Faultline's organization. */
export function assertOrganization(org: string | undefined): void {
  if (org !== ORGANIZATION_SLUG && org !== ORGANIZATION_ID) throw new SentryApiError(404, NOT_FOUND);
}

/** The numeric `{id}` of an object of the organization's (a saved query, a view): 404 when it names none. */
export function organizationObjectId({ params }: ApiRequest): number {
  assertOrganization(params.org);
  const id = numericId(params.id ?? '');
  if (id === undefined) throw new SentryApiError(404, NOT_FOUND);
  return id;
}

/** When the organization began: its first project's creation. */
function dateCreated(ctx: CoreContext): string {
  const first = ctx.projects.list()[0];
  return first?.createdAt ?? new Date(0).toISOString();
}

/** Sentry's `OrganizationSerializer` fields (sentry-cli reads id, slug, name, dateCreated and the flags). */
export function organizationJson(ctx: CoreContext) {
  const base = ctx.ingestUrl();
  return {
    id: ORGANIZATION_ID,
    slug: ORGANIZATION_SLUG,
    name: 'Faultline',
    dateCreated: dateCreated(ctx),
    status: { id: 'active', name: 'active' },
    isEarlyAdopter: false,
    require2FA: false,
    requireEmailVerification: false,
    avatar: { avatarType: 'letter_avatar', avatarUuid: null, avatarUrl: null },
    features: [],
    hasAuthProvider: false,
    allowMemberInvite: false,
    allowMemberProjectCreation: false,
    allowSuperuserAccess: false,
    links: { organizationUrl: base, regionUrl: base },
  };
}

export const organizationEndpoints: Record<string, Endpoint> = {
  list: ({ ctx }) => ok([organizationJson(ctx)]),
  details: ({ ctx, params }) => {
    assertOrganization(params.org);
    return ok(organizationJson(ctx));
  },
};
