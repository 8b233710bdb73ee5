import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';
import { ATTRIBUTE_CODE_PATTERN, attributeDatatypes, MAX_ATTRIBUTES, MAX_VALUES } from './matter-attributes.js';
import { powerKinds } from './power-kinds.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() }, { title: 'Bilingual' });

export const MATTER_CODE_PATTERN = '^[A-Z0-9][A-Z0-9-]{1,19}$';
const Code = Type.String({ pattern: MATTER_CODE_PATTERN, description: 'stable across versions: capitals, digits and -, e.g. SX-001' });
const PowerKindSchema = Type.Enum([...powerKinds], {
  description: 'the kind of power the matter involves; administrativeLicensing, administrativePenalty and administrativeEnforcement are refused (Art. 12)',
});
const StatusSchema = Type.Enum(['draft', 'published', 'superseded']);

export const ListIdParam = Strict({ id: Type.String({ format: 'uuid' }) });
export const ListMatterParam = Strict({ id: Type.String({ format: 'uuid' }), code: Code });
export const CodeParam = Strict({ code: Code });

export const CreateListBody = Strict({ note: Type.Optional(Type.String({ maxLength: 500, description: 'what this version changes' })) });

const AttributeValueBody = Strict({ key: Type.String({ minLength: 1, maxLength: 40 }), name: Type.String({ minLength: 1, maxLength: 100 }) });
const AttributeBody = Strict(
  {
    code: Type.String({ pattern: ATTRIBUTE_CODE_PATTERN, description: 'unique within the matter: a letter, then letters, digits and _ (40 at most)' }),
    datatype: Type.Enum([...attributeDatatypes], { description: 'GeoReport v2 datatypes' }),
    required: Type.Boolean(),
    description: Type.String({ minLength: 1, maxLength: 200, description: 'the question the reporter answers' }),
    datatypeDescription: Type.Optional(Type.String({ maxLength: 200, description: 'a hint on the expected answer' })),
    values: Type.Optional(
      Type.Array(AttributeValueBody, {
        minItems: 1,
        maxItems: MAX_VALUES,
        description: 'the choices, keys unique: exactly for singlevaluelist and multivaluelist',
      }),
    ),
  },
  { title: 'MatterAttributeInput' },
);

const matterFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  category: Type.String({ minLength: 1, maxLength: 40, description: 'e.g. 矛盾纠纷, 安全隐患' }),
  description: Type.String({ maxLength: 2000 }),
  legalBasis: Type.String({ maxLength: 2000, description: 'the laws, regulations or documents the matter rests on' }),
  departmentId: Type.String({ format: 'uuid', description: 'the responsible department' }),
  powerKind: PowerKindSchema,
  urgent: Type.Boolean({ description: 'an urgent safety matter: its time limits count natural hours' }),
  public: Type.Boolean({ description: 'offered to the public for reporting' }),
  attributes: Type.Optional(
    Type.Array(AttributeBody, {
      maxItems: MAX_ATTRIBUTES,
      description: 'the extra questions a report answers, in order (Open311 service definition); omitted: none when adding, unchanged when changing',
    }),
  ),
};
export const MatterBody = Strict({ code: Code, ...matterFields });
export const MatterUpdateBody = Strict(matterFields);

export const MatterAttributeSchema = Type.Object(
  {
    code: Type.String(),
    datatype: Type.Enum([...attributeDatatypes]),
    required: Type.Boolean(),
    description: Type.String(),
    datatypeDescription: Type.Optional(Type.String()),
    values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
  },
  { title: 'MatterAttribute' },
);

export const MatterSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    category: Type.String(),
    description: Type.String(),
    legalBasis: Type.String(),
    departmentId: Type.String(),
    departmentName: Type.String(),
    powerKind: Type.String(),
    powerKindName: Bilingual,
    urgent: Type.Boolean(),
    public: Type.Boolean(),
    attributes: Type.Array(MatterAttributeSchema),
  },
  { title: 'Matter' },
);

const summaryFields = {
  id: Type.String(),
  cityCode: Type.String(),
  version: Type.Integer(),
  status: StatusSchema,
  note: Type.String(),
  matterCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdByName: Nullable(Type.String()),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  publishedByName: Nullable(Type.String()),
};
export const MatterListSummarySchema = Type.Object(summaryFields, { title: 'MatterListSummary' });

export const MatterListsSchema = Type.Object({ items: Type.Array(MatterListSummarySchema) }, { title: 'MatterLists' });
export const MatterListSchema = Type.Object({ ...summaryFields, matters: Type.Array(MatterSchema) }, { title: 'MatterList' });

const PublicMatterSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    category: Type.String(),
    description: Type.String(),
    legalBasis: Type.String(),
    departmentName: Type.String(),
    powerKind: Type.String(),
    powerKindName: Bilingual,
    urgent: Type.Boolean(),
    public: Type.Boolean(),
    attributes: Type.Array(MatterAttributeSchema),
  },
  { title: 'PublicMatter' },
);
const PublicHead = {
  cityCode: Type.String(),
  cityName: Type.String(),
  version: Type.Integer(),
  publishedAt: Type.String({ format: 'date-time' }),
};
export const PublicMatterListSchema = Type.Object({ ...PublicHead, matters: Type.Array(PublicMatterSchema) }, { title: 'PublicMatterList' });
export const PublicMatterDetailSchema = Type.Object({ ...PublicHead, matter: PublicMatterSchema }, { title: 'PublicMatterDetail' });
