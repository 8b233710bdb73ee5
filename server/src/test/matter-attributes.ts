// Attributes given to a matter of the published list, straight in the table: the API keeps a published
// list frozen, and a test needs a matter with questions without drafting and publishing a new version.
import { and, eq } from 'drizzle-orm';
import type { MatterAttribute } from '../modules/matters/matter-attributes.js';
import { matter, matterList } from '../modules/matters/matter.tables.js';
import type { TestApp } from './harness.js';

export async function givePublishedMatterAttributes(t: TestApp, code: string, attributes: MatterAttribute[]): Promise<void> {
  const [list] = await t.ctx.db.select().from(matterList).where(eq(matterList.status, 'published'));
  if (!list) throw new Error('no published matter list');
  await t.ctx.db
    .update(matter)
    .set({ attributes })
    .where(and(eq(matter.listId, list.id), eq(matter.code, code)));
}

/** Occupied-lane questions: a number, a date-time and a multiple choice. */
export const laneQuestions: MatterAttribute[] = [
  { code: 'count', datatype: 'number', required: false, description: '占用车辆数' },
  { code: 'seen_at', datatype: 'datetime', required: false, description: '发现时间' },
  {
    code: 'kinds',
    datatype: 'multivaluelist',
    required: false,
    description: '占用物',
    values: [
      { key: 'car', name: '车辆' },
      { key: 'goods', name: '杂物' },
    ],
  },
];
