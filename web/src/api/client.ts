// A small typed client for the server's JSON API. The session is an HttpOnly cookie, so every call
// sends same-origin credentials; a 401 (other than a failed login) hands over to the registered
// handler, which takes the user back to /login.
import type {
  ApiErrorBody,
  AppNotification,
  AuditPage,
  CaseDetail,
  CaseListQuery,
  CaseSummary,
  CaseUnit,
  DispatchBody,
  ReportCaseBody,
  SimilarCase,
  SuspensionKind,
  AuditQuery,
  AuditVerifyResult,
  CalendarYear,
  CreateUnitBody,
  CreateUserBody,
  Deadline,
  DeadlineUnit,
  Division,
  DivisionChild,
  MatterBody,
  MatterList,
  MatterListSummary,
  PublicMatterList,
  RoutingAnalysis,
  RoutingResolution,
  RoutingRule,
  RoutingRuleBody,
  RoutingRuleFields,
  GridCard,
  GridChange,
  GridChangeBody,
  GridChangeDetail,
  GridChangeQuery,
  GridCollection,
  GridImportBody,
  GridImportResult,
  GridKind,
  GridQuery,
  GridSummary,
  Me,
  Meta,
  OutlineCollection,
  Page,
  ScheduleDay,
  Unit,
  UnitKind,
  UpdateUnitBody,
  UpdateUserBody,
  UserDetail,
  UserListQuery,
  UserSummary,
  WorkCalendar,
  WorkSession,
} from './types';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  /** The form field at fault without its location prefix: `body.newPassword` → `newPassword`. */
  get fieldName(): string | undefined {
    return this.body.field?.replace(/^(body|query|params)\./, '');
  }
}

let unauthorizedHandler: (() => void) | null = null;

/** Called on any 401 except from the login call itself. */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

const networkError: ApiErrorBody = {
  code: 'network_error',
  message: 'Cannot reach the server. Check the connection and try again.',
  messageZh: '无法连接服务器，请检查网络后重试。',
};

function unexpected(status: number): ApiErrorBody {
  return {
    code: 'unexpected_response',
    message: `The server answered with an unexpected response (HTTP ${status}).`,
    messageZh: `服务器返回了无法识别的响应（HTTP ${status}）。`,
  };
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      // A FormData body (a file upload) goes as multipart, with the boundary the browser chooses.
      headers:
        body === undefined || body instanceof FormData ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, networkError);
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    data = undefined;
  }

  if (!response.ok) {
    const error = new ApiError(response.status, isErrorBody(data) ? data : unexpected(response.status));
    if (response.status === 401 && path !== '/api/auth/login') unauthorizedHandler?.();
    throw error;
  }
  return data as T;
}

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const seg = encodeURIComponent;

export const getMeta = () => api<Meta>('GET', '/api/meta');

export const login = (username: string, password: string) => api<{ me: Me }>('POST', '/api/auth/login', { username, password });
export const logout = () => api<void>('POST', '/api/auth/logout');

export const getMe = () => api<Me>('GET', '/api/me');
export const changePassword = (currentPassword: string, newPassword: string) => api<void>('POST', '/api/me/password', { currentPassword, newPassword });

export const getDivision = (code: string) => api<Division>('GET', `/api/divisions/${seg(code)}`);
export const getDivisionChildren = (code: string) => api<{ items: DivisionChild[] }>('GET', `/api/divisions/${seg(code)}/children`);
export const getDivisionOutlines = (code: string) => api<OutlineCollection>('GET', `/api/divisions/${seg(code)}/outlines`);

export const exportGrids = (divisionCode: string, kind?: GridKind) => api<GridCollection>('GET', `/api/grids/export${query({ divisionCode, kind })}`);
export const getGrid = (code: string) => api<GridCard>('GET', `/api/grids/${seg(code)}`);
export const listGrids = (q: GridQuery) => api<Page<GridSummary>>('GET', `/api/grids${query({ ...q })}`);

export const listGridChanges = (q: GridChangeQuery) => api<Page<GridChange>>('GET', `/api/grid-changes${query({ ...q })}`);
export const getGridChange = (id: string) => api<GridChangeDetail>('GET', `/api/grid-changes/${seg(id)}`);
export const proposeGridChange = (body: GridChangeBody & { communityCode: string }) => api<GridChange>('POST', '/api/grid-changes', body);
export const reviseGridChange = (id: string, body: GridChangeBody) => api<GridChange>('PUT', `/api/grid-changes/${seg(id)}`, body);
export const submitGridChange = (id: string) => api<GridChange>('POST', `/api/grid-changes/${seg(id)}/submit`);
export const withdrawGridChange = (id: string) => api<GridChange>('POST', `/api/grid-changes/${seg(id)}/withdraw`);
export const approveGridChange = (id: string, reason?: string) =>
  api<{ change: GridChange; issued: string[]; retired: string[] }>('POST', `/api/grid-changes/${seg(id)}/approve`, reason ? { reason } : {});
export const rejectGridChange = (id: string, reason: string) => api<GridChange>('POST', `/api/grid-changes/${seg(id)}/reject`, { reason });

export const importGrids = (body: GridImportBody) => api<GridImportResult>('POST', '/api/grid-changes/import', body);

export const listUnits = (q: { kind?: UnitKind; divisionCode?: string } = {}) => api<{ items: Unit[] }>('GET', `/api/units${query({ ...q })}`);
export const createUnit = (body: CreateUnitBody) => api<Unit>('POST', '/api/units', body);
export const updateUnit = (id: string, body: UpdateUnitBody) => api<Unit>('PUT', `/api/units/${seg(id)}`, body);

export const listUsers = (q: UserListQuery) => api<Page<UserSummary>>('GET', `/api/users${query({ ...q })}`);
export const getUser = (id: string) => api<UserDetail>('GET', `/api/users/${seg(id)}`);
export const createUser = (body: CreateUserBody) => api<UserDetail>('POST', '/api/users', body);
export const updateUser = (id: string, body: UpdateUserBody) => api<UserDetail>('PATCH', `/api/users/${seg(id)}`, body);
export const unlockUser = (id: string) => api<void>('POST', `/api/users/${seg(id)}/unlock`);

export const listAuditEvents = (q: AuditQuery) => api<AuditPage>('GET', `/api/audit/events${query({ ...q })}`);
export const verifyAuditChain = () => api<AuditVerifyResult>('GET', '/api/audit/verify');

export const getCalendar = () => api<WorkCalendar>('GET', '/api/calendar');
export const getCalendarYear = (year: number) => api<CalendarYear>('GET', `/api/calendar/${year}`);
export const replaceCalendarYear = (year: number, days: ScheduleDay[]) => api<CalendarYear>('PUT', `/api/calendar/${year}`, { days });
export const importCalendarYear = (year: number, text: string) => api<CalendarYear>('POST', `/api/calendar/${year}/import`, { text });
export const updateWorkingHours = (sessions: WorkSession[]) => api<WorkCalendar>('PUT', '/api/calendar/hours', { sessions });
export const previewDeadline = (start: string, amount: number, unit: DeadlineUnit) =>
  api<Deadline>('GET', `/api/calendar/deadline${query({ start, amount, unit })}`);

export const getPublicMatters = () => api<PublicMatterList>('GET', '/api/public/matters');
export const listMatterLists = () => api<{ items: MatterListSummary[] }>('GET', '/api/matter-lists');
export const getMatterList = (id: string) => api<MatterList>('GET', `/api/matter-lists/${seg(id)}`);
export const draftMatterList = (note?: string) => api<MatterList>('POST', '/api/matter-lists', note ? { note } : {});
export const addMatter = (listId: string, body: MatterBody) => api<MatterList>('POST', `/api/matter-lists/${seg(listId)}/matters`, body);
export const updateMatter = (listId: string, { code, ...body }: MatterBody) =>
  api<MatterList>('PUT', `/api/matter-lists/${seg(listId)}/matters/${seg(code)}`, body);
export const removeMatter = (listId: string, code: string) => api<null>('DELETE', `/api/matter-lists/${seg(listId)}/matters/${seg(code)}`);
export const listRoutingRules = (q: { matterCode?: string; scopeCode?: string } = {}) =>
  api<{ items: RoutingRule[] }>('GET', `/api/routing-rules${query({ ...q })}`);
export const getRoutingAnalysis = () => api<RoutingAnalysis>('GET', '/api/routing-rules/analysis');
export const resolveRouting = (matterCode: string, divisionCode: string) =>
  api<RoutingResolution>('GET', `/api/routing-rules/resolve${query({ matterCode, divisionCode })}`);
export const createRoutingRule = (body: RoutingRuleBody) => api<RoutingRule>('POST', '/api/routing-rules', body);
export const updateRoutingRule = (id: string, body: RoutingRuleFields) => api<RoutingRule>('PUT', `/api/routing-rules/${seg(id)}`, body);
export const deleteRoutingRule = (id: string) => api<null>('DELETE', `/api/routing-rules/${seg(id)}`);

export const publishMatterList = (listId: string) => api<MatterList>('POST', `/api/matter-lists/${seg(listId)}/publish`);

// ---- Cases: intake, the lists, the case page, one call per workflow action (each answers the case page).
export const listNotifications = (limit = 20) => api<{ items: AppNotification[]; next: number }>('GET', `/api/notifications${query({ limit })}`);
export const listCases = (q: CaseListQuery) => api<Page<CaseSummary>>('GET', `/api/cases${query({ ...q })}`);
export const getCase = (id: string) => api<CaseDetail>('GET', `/api/cases/${seg(id)}`);
export const getCaseUnits = (id: string) => api<{ items: CaseUnit[] }>('GET', `/api/cases/${seg(id)}/units`);
export const similarCases = (matterCode: string, lng: number, lat: number) =>
  api<{ radius: number; items: SimilarCase[] }>('GET', `/api/cases/similar${query({ matterCode, lng, lat })}`);
export const reportCase = (body: ReportCaseBody) => api<CaseDetail>('POST', '/api/cases', body);

const act = (id: string, path: string, body?: object) => api<CaseDetail>('POST', `/api/cases/${seg(id)}/${path}`, body);
export const acceptCase = (id: string, opinion?: string) => act(id, 'accept', opinion ? { opinion } : {});
export const rejectCase = (id: string, reason: string) => act(id, 'reject', { reason });
export const registerCase = (id: string, matterCode?: string) => act(id, 'register', matterCode ? { matterCode } : {});
export const dispatchCase = (id: string, body: DispatchBody) => act(id, 'dispatch', body);
export const claimCase = (id: string) => act(id, 'claim');
export const feedbackCase = (id: string, body: { result: string; attachmentIds?: string[] }) => act(id, 'feedback', body);
export const verifyCase = (id: string, body: { passed: boolean; opinion: string }) => act(id, 'verify', body);
export const requestReturn = (id: string, body: { responsibleUnitId?: string; reason: string }) => act(id, 'return-requests', body);
export const requestExtension = (id: string, body: { dueAt: string; reason: string }) => act(id, 'extension-requests', body);
export const requestSuspension = (id: string, body: { kind: SuspensionKind; reason: string }) => act(id, 'suspension-requests', body);
export const decideRequest = (id: string, requestId: string, body: { approve: boolean; opinion?: string; leadUnitId?: string }) =>
  act(id, `requests/${seg(requestId)}/decision`, body);
export const resumeCase = (id: string, opinion?: string) => act(id, 'resume', opinion ? { opinion } : {});
export const escalateCase = (id: string, reason: string) => act(id, 'escalate', { reason });
export const cancelCase = (id: string, reason: string) => act(id, 'cancel', { reason });
export const reclassifyCase = (id: string, matterCode: string, reason: string) => act(id, 'reclassify', { matterCode, reason });
export const mergeCase = (id: string, intoCaseId: string) => act(id, 'merge', { intoCaseId });
export const archiveCase = (id: string) => act(id, 'archive');

/** A photo's small version; served by the attachments module. */
export const attachmentThumbnailUrl = (id: string) => `/api/attachments/${seg(id)}/content?variant=thumbnail`;
export const attachmentUrl = (id: string) => `/api/attachments/${seg(id)}/content`;
