import type { Role } from '../../api/types';

/** Every role, in the order of the hierarchy (GLOSSARY.md). Names come from the i18n `roles` keys. */
export const allRoles: readonly Role[] = [
  'sysAdmin',
  'cityCentre',
  'districtCentre',
  'townCentre',
  'department',
  'gridLeader',
  'gridInstructor',
  'gridWorker',
  'auditor',
];

export const gridRoles: readonly Role[] = ['gridLeader', 'gridInstructor', 'gridWorker'];

/** Who watches the overdue board: the centres, and the auditor (reads, changes nothing). */
export const overdueRoles: readonly Role[] = ['cityCentre', 'districtCentre', 'townCentre', 'auditor'];
