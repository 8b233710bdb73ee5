// The base-information API (issue 5): persons, buildings, and the other registries, grants, data
// quality, imports and exports.
import { api, query } from './client';
import type {
  BaseGrant,
  BaseImport,
  BaseQuality,
  BuildingListQuery,
  BuildingRow,
  DwellingListItem,
  BuildingView,
  CarePerson,
  CarePersonDetail,
  Dispute,
  DisputeDetail,
  DisputeListQuery,
  DuplicateGroup,
  DuplicateKind,
  ExportRegistry,
  GrantBody,
  GrantListQuery,
  GridBaseSummary,
  Hazard,
  HazardDetail,
  HazardListQuery,
  HouseholdBody,
  HouseholdDetail,
  HouseholdRow,
  ImportFormat,
  ImportMode,
  ImportProblem,
  ImportRegistry,
  Organisation,
  OrganisationDetail,
  OrganisationListQuery,
  OrganisationRevealableField,
  PersonBody,
  PersonListQuery,
  PersonProfile,
  PersonRow,
  QualityQuery,
  RegistryQuery,
  RegriddedRecord,
  RevealableField,
  RevealedValue,
  WatchedDetail,
  WatchedListQuery,
  WatchedPerson,
} from './base-types';
import type { CappedPage, Page } from './types';

const seg = encodeURIComponent;

export const listPersons = (q: PersonListQuery) => api<CappedPage<PersonRow>>('GET', `/api/persons${query({ ...q })}`);
export const getPerson = (id: string) => api<PersonProfile>('GET', `/api/persons/${seg(id)}`);
export const createPerson = (body: PersonBody) => api<PersonRow>('POST', '/api/persons', body);
/** The one way to a full personal value: the server wants base.reveal and a reason, and audits it. */
export const revealPerson = (id: string, field: RevealableField, reason: string) =>
  api<RevealedValue>('POST', `/api/persons/${seg(id)}/reveal`, { field, reason });

export const listBuildings = (q: BuildingListQuery) => api<Page<BuildingRow>>('GET', `/api/buildings${query({ ...q })}`);
/** 以房管人: the building, its units, rooms, residents (masked), households and rentals. */
/** Rooms across buildings: by address code, or building name, unit and room number ("铁西小区1号楼 1单元 302"). */
export const listDwellings = (q: { q?: string; buildingId?: string; page?: number; pageSize?: number }) =>
  api<Page<DwellingListItem>>('GET', `/api/dwellings${query({ ...q })}`);
export const getBuildingView = (id: string) => api<BuildingView>('GET', `/api/buildings/${seg(id)}/view`);
export const getGridBaseSummary = (code: string) => api<GridBaseSummary>('GET', `/api/grids/${seg(code)}/base-summary`);

/** A record's change: the fields that change and the version read (a stale one gets 409). */
export type Change<T> = Partial<T> & { version: number };
type Fields = Record<string, unknown>;

export const listHouseholds = (q: RegistryQuery) => api<Page<HouseholdRow>>('GET', `/api/households${query({ ...q, kind: undefined })}`);
export const getHousehold = (id: string) => api<HouseholdDetail>('GET', `/api/households/${seg(id)}`);
export const createHousehold = (body: HouseholdBody) => api<HouseholdRow>('POST', '/api/households', body);
export const updateHousehold = (id: string, body: Change<HouseholdBody>) => api<HouseholdRow>('PATCH', `/api/households/${seg(id)}`, body);
export const addHouseholdMember = (id: string, body: { personId: string; relation: string; move?: boolean }) =>
  api<HouseholdDetail>('POST', `/api/households/${seg(id)}/members`, body);
export const removeHouseholdMember = (id: string, personId: string) => api<unknown>('DELETE', `/api/households/${seg(id)}/members/${seg(personId)}`);

export const listOrganisations = (q: OrganisationListQuery) => api<Page<Organisation>>('GET', `/api/organisations${query({ ...q })}`);
export const getOrganisation = (id: string) => api<OrganisationDetail>('GET', `/api/organisations/${seg(id)}`);
export const createOrganisation = (body: Fields) => api<Organisation>('POST', '/api/organisations', body);
export const updateOrganisation = (id: string, body: Change<Fields>) => api<Organisation>('PATCH', `/api/organisations/${seg(id)}`, body);
export const addOrganisationPerson = (id: string, body: { personId: string; role: string; since?: string | null }) =>
  api<Pick<OrganisationDetail, 'people'>>('POST', `/api/organisations/${seg(id)}/people`, body);
/** An organisation's contact phone in full: base.reveal and a reason, audited (as a person's values). */
export const revealOrganisation = (id: string, field: OrganisationRevealableField, reason: string) =>
  api<RevealedValue>('POST', `/api/organisations/${seg(id)}/reveal`, { field, reason });

export const listWatched = (q: WatchedListQuery) => api<Page<WatchedPerson>>('GET', `/api/watched-persons${query({ ...q })}`);
export const getWatched = (id: string) => api<WatchedDetail>('GET', `/api/watched-persons/${seg(id)}`);
export const createWatched = (body: Fields) => api<WatchedPerson>('POST', '/api/watched-persons', body);
export const updateWatched = (id: string, body: Change<Fields>) => api<WatchedPerson>('PATCH', `/api/watched-persons/${seg(id)}`, body);
export const addFollowUp = (id: string, body: { on: string; note?: string | null }) => api<unknown>('POST', `/api/watched-persons/${seg(id)}/follow-ups`, body);

export const listCare = (q: RegistryQuery & { status?: string }) => api<Page<CarePerson>>('GET', `/api/care-persons${query({ ...q })}`);
export const getCare = (id: string) => api<CarePersonDetail>('GET', `/api/care-persons/${seg(id)}`);
export const createCare = (body: Fields) => api<CarePerson>('POST', '/api/care-persons', body);
export const updateCare = (id: string, body: Change<Fields>) => api<CarePerson>('PATCH', `/api/care-persons/${seg(id)}`, body);
export const addVisit = (id: string, on: string) => api<CarePerson>('POST', `/api/care-persons/${seg(id)}/visits`, { on });

export const listDisputes = (q: DisputeListQuery) => api<Page<Dispute>>('GET', `/api/disputes${query({ ...q, q: undefined })}`);
export const getDispute = (id: string) => api<DisputeDetail>('GET', `/api/disputes/${seg(id)}`);
export const createDispute = (body: Fields) => api<Dispute>('POST', '/api/disputes', body);
export const updateDispute = (id: string, body: Change<Fields>) => api<Dispute>('PATCH', `/api/disputes/${seg(id)}`, body);

export const listHazards = (q: HazardListQuery) => api<Page<Hazard>>('GET', `/api/hazards${query({ ...q, q: undefined })}`);
export const getHazard = (id: string) => api<HazardDetail>('GET', `/api/hazards/${seg(id)}`);
export const createHazard = (body: Fields) => api<Hazard>('POST', '/api/hazards', body);
export const updateHazard = (id: string, body: Change<Fields>) => api<Hazard>('PATCH', `/api/hazards/${seg(id)}`, body);

export const listGrants = (q: GrantListQuery) => api<Page<BaseGrant>>('GET', `/api/base-grants${query({ ...q })}`);
export const createGrant = (body: GrantBody) => api<BaseGrant>('POST', '/api/base-grants', body);
export const revokeGrant = (id: string) => api<unknown>('DELETE', `/api/base-grants/${seg(id)}`);

export const getQuality = (q: QualityQuery) => api<BaseQuality>('GET', `/api/base-quality${query({ ...q })}`);
export const listDuplicates = (q: QualityQuery & { kind?: DuplicateKind }) =>
  api<Page<DuplicateGroup>>('GET', `/api/base-quality/duplicates${query({ ...q })}`);
export const listRegridded = (q: QualityQuery & { state?: 'moved' | 'manual' }) =>
  api<Page<RegriddedRecord>>('GET', `/api/base-quality/regridded${query({ ...q })}`);

/** Links the browser downloads (the session cookie goes with them). */
export const importTemplateUrl = (registry: ImportRegistry, format: ImportFormat) => `/api/base-imports/templates/${registry}.${format}`;
export const importReportUrl = (id: string, format: ImportFormat) => `/api/base-imports/${seg(id)}/report${query({ format })}`;
const exportPaths: Record<ExportRegistry, string> = {
  person: '/api/persons/export',
  building: '/api/buildings/export',
  dwelling: '/api/dwellings/export',
  organisation: '/api/organisations/export',
  household: '/api/households/export',
  carePerson: '/api/care-persons/export',
  watchedPerson: '/api/watched-persons/export',
  dispute: '/api/disputes/export',
  hazard: '/api/hazards/export',
};
/** A registry's export with its list's filters (masked values, audited, under the exporter's name). */
export const exportUrl = (registry: ExportRegistry, q: { divisionCode?: string; gridCode?: string }, format: ImportFormat) =>
  `${exportPaths[registry]}${query({ ...q, format })}`;

/** Uploads a filled-in template: 202 with the job, which the page then polls. */
export function startImport(file: File, registry: ImportRegistry, mode: ImportMode) {
  const form = new FormData();
  // The server reads the fields before the file (it streams the file to disk).
  form.append('registry', registry);
  form.append('mode', mode);
  form.append('file', file, file.name);
  return api<BaseImport>('POST', '/api/base-imports', form);
}
export const getImport = (id: string) => api<BaseImport>('GET', `/api/base-imports/${seg(id)}`);
export const listImportErrors = (id: string, q: { page: number; pageSize: number }) =>
  api<Page<ImportProblem>>('GET', `/api/base-imports/${seg(id)}/errors${query({ ...q })}`);
