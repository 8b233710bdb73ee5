import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Small facts about this installation, e.g. the fingerprint of the field-encryption key in use. */
export const systemSetting = pgTable('system_setting', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
