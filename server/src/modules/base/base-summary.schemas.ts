import { Type } from 'typebox';

const Count = Type.Integer({ minimum: 0 });
const ByKind = Type.Record(Type.String(), Count);

export const GridBaseSummarySchema = Type.Object(
  {
    gridCode: Type.String(),
    persons: Type.Object({ registered: Count, floating: Count, foreign: Count, total: Count }, { description: 'active persons by residency' }),
    households: Count,
    buildings: Count,
    dwellings: Count,
    rentals: Type.Object({ active: Count }),
    organisations: Count,
    keyUnits: Count,
    keyPlaces: Count,
    care: ByKind,
    watched: Type.Union([ByKind, Type.Null()], {
      description: 'null unless the reader reads watched persons; then only the records they are responsible for',
    }),
    disputes: Type.Object({ open: Count }),
    hazards: Type.Object({ open: Count }),
  },
  { title: 'GridBaseSummary' },
);
