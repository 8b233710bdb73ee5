import { type TObject, type TProperties, Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { importFormats, importRegistries } from './import-columns.js';
import { importModes, importStatuses } from './import.service.js';
import { BuildingListQuery, DwellingListQuery } from './building.schemas.js';
import { CareListQuery } from './care.schemas.js';
import { DisputeListQuery } from './dispute.schemas.js';
import { HazardListQuery } from './hazard.schemas.js';
import { HouseholdListQuery } from './household.schemas.js';
import { OrganisationListQuery } from './organisation.schemas.js';
import { PersonListQuery } from './person.schemas.js';
import { WatchedListQuery } from './watched.schemas.js';

export const ImportIdParam = Strict({ id: Type.String({ format: 'uuid' }) });

export const templateNames = importRegistries.flatMap((r) => importFormats.map((f) => `${r}.${f}`));
export const TemplateParam = Strict({ name: Type.Enum(templateNames, { description: 'registry and format, e.g. person.xlsx' }) });

export const UploadForm = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'the filled-in template: .xlsx, or CSV (UTF-8 or GB18030); streamed to disk, never held in memory' }),
    registry: Type.Enum([...importRegistries], { description: 'which registry the rows are for' }),
    mode: Type.Optional(
      Type.Enum([...importModes], { description: 'all (default): nothing is written while any row is wrong; validOnly: the valid rows are imported' }),
    ),
  },
  { required: ['file', 'registry'] },
);

export const ImportSchema = Type.Object(
  {
    id: Type.String(),
    registry: Type.String(),
    mode: Type.String(),
    format: Type.String(),
    fileName: Type.String(),
    fileBytes: Type.Integer(),
    status: Type.Enum([...importStatuses]),
    rowsRead: Type.Integer(),
    rowsValid: Type.Integer(),
    rowsInvalid: Type.Integer(),
    rowsCreated: Type.Integer(),
    rowsUpdated: Type.Integer(),
    rowsUnchanged: Type.Integer(),
    rowsDone: Type.Integer({ description: 'rows gone through by the import pass' }),
    progress: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description: 'share of the rows imported; null while the first pass is still counting them (rowsRead grows)',
    }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'BaseImport' },
);

export const ImportProblemSchema = Type.Object(
  {
    row: Type.Integer({ description: 'the row as the user sees it in the file (1 is the header)' }),
    column: Type.String({ description: 'the column title, or empty for the file or row as a whole' }),
    field: Type.String(),
    message: Type.String(),
    messageZh: Type.String(),
  },
  { title: 'BaseImportProblem' },
);
export const ImportProblemPage = Page(ImportProblemSchema);
export const ErrorsQuery = Strict({ ...pageQuery });
export const ReportQuery = Strict({ format: Type.Enum([...importFormats], { description: 'csv or xlsx' }) });

/** An export's query: its list's filters (no paging, no sort: an export is in the list's own order) and the format. */
function ExportQueryOf<T extends TProperties>(list: TObject<T>) {
  const { page: _p, pageSize: _s, sort: _sort, ...filters } = list.properties;
  return Strict({ ...(filters as Omit<T, 'page' | 'pageSize' | 'sort'>), format: Type.Enum([...importFormats], { description: 'csv or xlsx' }) });
}
export const PersonExportQuery = ExportQueryOf(PersonListQuery);
export const BuildingExportQuery = ExportQueryOf(BuildingListQuery);
export const DwellingExportQuery = ExportQueryOf(DwellingListQuery);
export const OrganisationExportQuery = ExportQueryOf(OrganisationListQuery);
export const HouseholdExportQuery = ExportQueryOf(HouseholdListQuery);
export const CareExportQuery = ExportQueryOf(CareListQuery);
export const WatchedExportQuery = ExportQueryOf(WatchedListQuery);
export const DisputeExportQuery = ExportQueryOf(DisputeListQuery);
export const HazardExportQuery = ExportQueryOf(HazardListQuery);

const binary = Type.String({ format: 'binary' });
export const FileResponses = {
  200: {
    description: 'The file, streamed.',
    content: {
      'text/csv': { schema: binary },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: binary },
    },
  },
} as const;
