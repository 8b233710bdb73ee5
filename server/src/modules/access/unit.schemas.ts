import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';

/** Kinds of handling unit (承办单位); the table comment in access.tables.ts says what each is. */
export const unitKinds = ['department', 'subUnit', 'centre', 'townOffice', 'socialOrganisation'] as const;
export type UnitKind = (typeof unitKinds)[number];

const KindSchema = Type.Enum(unitKinds, {
  description:
    'department 职能部门 (city or district); subUnit 下属单位 (under parentId); centre 网格化服务管理中心 (city, district or town, one per division); townOffice 镇街科室 (town); socialOrganisation 社会组织 (Art. 6; city, district or town)',
});
const DivisionCode12 = Type.String({ pattern: '^\\d{12}$', description: 'the city, district or town the unit serves' });

export const UnitSchema = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    kind: KindSchema,
    parentId: Type.Union([Type.String(), Type.Null()], { description: 'the unit a subUnit belongs to' }),
    divisionCode: Type.String(),
    divisionName: Type.String(),
    disabled: Type.Boolean(),
  },
  { title: 'Unit' },
);

export const UnitListSchema = Type.Object({ items: Type.Array(UnitSchema) }, { title: 'Units' });

export const UnitListQuery = Strict({
  kind: Type.Optional(KindSchema),
  divisionCode: Type.Optional(Type.String({ pattern: '^(\\d{4}|\\d{6}|\\d{9}|\\d{12})$', description: 'only units serving this division or one below it' })),
});

export const CreateUnitBody = Strict({
  code: Type.String({ pattern: '^[A-Za-z0-9._-]{2,40}$', description: 'short stable code, e.g. 370400-police' }),
  name: Type.String({ minLength: 1, maxLength: 60 }),
  kind: KindSchema,
  divisionCode: DivisionCode12,
  parentId: Type.Optional(Type.String({ format: 'uuid', description: 'required for a subUnit, refused for the other kinds' })),
});

export const UpdateUnitBody = Strict(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    disabled: Type.Optional(Type.Boolean({ description: 'a disabled unit takes no new cases and cannot lead a routing rule' })),
    parentId: Type.Optional(Type.String({ format: 'uuid', description: 'move a subUnit under another unit' })),
  },
  { description: 'only the fields to change (at least one)', minProperties: 1 },
);

export const UnitIdParam = Strict({ id: Type.String({ format: 'uuid' }) });
