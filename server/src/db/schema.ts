// Every table, gathered for Drizzle and drizzle-kit. Tables live beside their module.
export * from '../modules/access/access.tables.js';
export * from '../modules/attachments/attachment.tables.js';
export * from '../modules/audit/audit.tables.js';
export * from '../modules/base/base.tables.js';
export * from '../modules/base/base-quality.tables.js';
export * from '../modules/calendar/calendar.tables.js';
export * from '../modules/cases/case.tables.js';
export * from '../modules/cases/routing.tables.js';
export * from '../modules/matters/matter.tables.js';
export * from '../modules/open311/open311.tables.js';
export * from '../modules/system/system.tables.js';
export * from '../modules/territory/grid.tables.js';
export * from '../modules/territory/territory.tables.js';
