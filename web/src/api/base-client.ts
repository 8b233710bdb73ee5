// The base-information API (issue 5): persons, and (from branch base-places) buildings.
import { api, query } from './client';
import type {
  BuildingListQuery,
  BuildingRow,
  BuildingView,
  GridBaseSummary,
  PersonBody,
  PersonListQuery,
  PersonProfile,
  PersonRow,
  RevealableField,
  RevealedValue,
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
export const getBuildingView = (id: string) => api<BuildingView>('GET', `/api/buildings/${seg(id)}/view`);
export const getGridBaseSummary = (code: string) => api<GridBaseSummary>('GET', `/api/grids/${seg(code)}/base-summary`);
