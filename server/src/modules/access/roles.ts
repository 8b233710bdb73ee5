// Roles (GLOSSARY.md) and what each may do. Where a record lies is a separate question, answered by
// the jurisdiction scope in access.ts: a permission says "may do this kind of thing", the scope
// says "to these records".

export const roles = ['sysAdmin', 'cityCentre', 'districtCentre', 'townCentre', 'department', 'gridLeader', 'gridInstructor', 'gridWorker', 'auditor'] as const;
export type Role = (typeof roles)[number];

export const roleNames: Record<Role, { zh: string; en: string }> = {
  sysAdmin: { zh: '系统管理员', en: 'System administrator' },
  cityCentre: { zh: '市网格化服务管理中心', en: 'City centre staff' },
  districtCentre: { zh: '区（市）网格化服务管理中心', en: 'District centre staff' },
  townCentre: { zh: '镇（街道）网格化服务管理中心', en: 'Town centre staff' },
  department: { zh: '职能部门', en: 'Department staff' },
  gridLeader: { zh: '网格长', en: 'Grid leader' },
  gridInstructor: { zh: '网格指导员', en: 'Grid instructor' },
  gridWorker: { zh: '网格员', en: 'Grid worker' },
  auditor: { zh: '安全审计员', en: 'Auditor' },
};

export type ScopeKind = 'division' | 'grids' | 'department';

/** Which scope each role holds, and at which division level (1 city … 4 community). */
export const roleScope: Record<Role, { kind: ScopeKind; levels: readonly number[] }> = {
  sysAdmin: { kind: 'division', levels: [1] },
  cityCentre: { kind: 'division', levels: [1] },
  districtCentre: { kind: 'division', levels: [2] },
  townCentre: { kind: 'division', levels: [3] },
  // A town office or a town's social organisation has staff too (Art. 6).
  department: { kind: 'department', levels: [1, 2, 3] },
  gridLeader: { kind: 'grids', levels: [4] },
  gridInstructor: { kind: 'grids', levels: [4] },
  gridWorker: { kind: 'grids', levels: [4] },
  auditor: { kind: 'division', levels: [1, 2] },
};

export const permissions = [
  'division.read',
  'division.manage',
  'grid.read',
  // Art. 7: district and town centres propose grid changes; only the city centre approves them.
  'grid.propose',
  'grid.approve',
  /** Art. 8: assign grid leaders, instructors and workers to grids. */
  'grid.team',
  /** Handling units (承办单位): departments, their sub-units, centres, town offices, social organisations. */
  'unit.read',
  /** Register and change handling units: the administrator and the city centre for the city, a district centre for its district. */
  'unit.manage',
  'user.read',
  'user.manage',
  'audit.read',
  /** The work calendar (working hours, holidays, 调休) that time limits count on: everyone reads it. */
  'calendar.read',
  /** Load a year's official schedule and set the working hours: the city centre. */
  'calendar.manage',
  /** The grid matter list (Art. 12): every staff role reads it (cases are filed under it). */
  'matter.read',
  /** Draft, edit and publish versions of the matter list: the city centre. */
  'matter.manage',
  /** Cases (Arts. 13–14): read the cases in your scope (case-access.ts decides which). */
  'case.read',
  /** Report a case: grid staff, centres (hotline, walk-in), departments. The public reports through Open311. */
  'case.report',
  /** Accept, register, dispatch, decide requests, escalate, cancel, re-classify, merge, reassign: the centres. */
  'case.dispatch',
  /** Claim, feed back, ask for a return, an extension or a suspension: handling units. */
  'case.handle',
  /** Verify a result on site, resolve on the spot: grid staff (and centres for cases without a grid worker). */
  'case.verify',
  /** Upload case photos and files: staff who report and handle cases (not the administrator, not the auditor). */
  'attachment.upload',
  /** Read attachments inside one's jurisdiction: the uploading roles and the auditor (who checks the evidence). */
  'attachment.read',
  /** Supervise a case (督办: normal, yellow, red) and read its supervisions: the centres. */
  'case.supervise',
  /** Read one's own notifications and follow them live: everyone who works on cases. */
  'notification.read',
  /** The linkage disposal list (联动处置清单, Art. 14): centres, departments and the auditor read it. */
  'routing.read',
  /** Write routing rules: the city centre for the city, a district centre inside its district. */
  'routing.manage',
  /** Base information (Arts. 10–11): read the registries in your jurisdiction (a department only what was granted to it). */
  'base.read',
  /** Register and change base records: grid staff and the centres. */
  'base.write',
  /** Show a full ID number, phone or address, with a stated reason that is audited (Art. 10). */
  'base.reveal',
  /** Import registries from Excel or CSV files. */
  'base.import',
  /** Export registries: audited, the file names its exporter. */
  'base.export',
  /** Open a registry of a division to a department (base_grant): the city and district centres. */
  'base.grant',
  /** Data quality of base information (completeness, duplicates, re-gridding after grid changes): the centres and grid leaders. */
  'base.quality',
  /** Watched persons (重点人员): read and follow up the records one is responsible for (base-access.ts says which). */
  'watched.read',
  'watched.manage',
] as const;
export type Permission = (typeof permissions)[number];

const centre: Permission[] = [
  'division.read',
  'grid.read',
  'calendar.read',
  'matter.read',
  'grid.team',
  'unit.read',
  'user.read',
  'user.manage',
  'routing.read',
  'case.read',
  'case.report',
  'case.dispatch',
  'case.verify',
  'attachment.upload',
  'attachment.read',
  'case.supervise',
  'notification.read',
  'base.read',
  'base.write',
  'base.reveal',
  'base.import',
  'base.export',
  'base.quality',
];
const gridStaff: Permission[] = [
  'division.read',
  'grid.read',
  'calendar.read',
  'matter.read',
  'attachment.upload',
  'attachment.read',
  'case.read',
  'case.report',
  'case.verify',
  'notification.read',
  'base.read',
  'base.write',
];

// Separation of duties (三员分立): the administrator manages accounts but cannot read the audit
// trail; the auditor reads the trail and changes nothing.
const grants: Record<Role, readonly Permission[]> = {
  sysAdmin: ['division.read', 'division.manage', 'grid.read', 'calendar.read', 'matter.read', 'unit.read', 'unit.manage', 'user.read', 'user.manage'],
  cityCentre: [...centre, 'unit.manage', 'grid.approve', 'calendar.manage', 'matter.manage', 'routing.manage', 'base.grant'],
  districtCentre: [...centre, 'unit.manage', 'grid.propose', 'routing.manage', 'base.grant'],
  // The town centre (综治中心) is responsible for the watched persons of its town.
  townCentre: [...centre, 'grid.propose', 'watched.read', 'watched.manage'],
  department: [
    'division.read',
    'grid.read',
    'calendar.read',
    'matter.read',
    'unit.read',
    'routing.read',
    'attachment.upload',
    'attachment.read',
    'case.read',
    'case.report',
    'case.handle',
    'notification.read',
    // Only what a grant opens (base-access.ts), and only the watched persons their unit is responsible for.
    'base.read',
    'watched.read',
    'watched.manage',
  ],
  // The grid leader follows up the watched persons of their grids; workers and instructors do not see them.
  gridLeader: [...gridStaff, 'base.reveal', 'base.import', 'base.quality', 'watched.read', 'watched.manage'],
  gridInstructor: gridStaff,
  gridWorker: [...gridStaff, 'base.reveal'],
  auditor: [
    'division.read',
    'grid.read',
    'calendar.read',
    'matter.read',
    'unit.read',
    'user.read',
    'audit.read',
    'routing.read',
    'attachment.read',
    'case.read',
  ],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

/**
 * Which roles a user of this role may create or change. Nobody raises an account above their own
 * level; only the administrator makes administrators and auditors.
 */
const manageable: Record<Role, readonly Role[]> = {
  sysAdmin: roles,
  cityCentre: ['cityCentre', 'districtCentre', 'townCentre', 'department', 'gridLeader', 'gridInstructor', 'gridWorker'],
  districtCentre: ['districtCentre', 'townCentre', 'department', 'gridLeader', 'gridInstructor', 'gridWorker'],
  townCentre: ['townCentre', 'gridLeader', 'gridInstructor', 'gridWorker'],
  department: [],
  gridLeader: [],
  gridInstructor: [],
  gridWorker: [],
  auditor: [],
};

export function canManageRole(actorRole: Role, targetRole: Role): boolean {
  return manageable[actorRole].includes(targetRole);
}
