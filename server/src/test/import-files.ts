// Import files for the registry import tests: rows as Excel workbooks or CSV text under a registry's
// column titles, uploaded through the API and waited for.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Actor } from '../modules/access/access.js';
import { appUser } from '../modules/access/access.tables.js';
import type { ImportColumn, ImportRegistry } from '../modules/base/import-columns.js';
import { createImportJob, importSettled, importUploadPath, runImport } from '../modules/base/import.service.js';
import type { TestApp } from './harness.js';
import { type FormPart, multipartBody } from './multipart.js';

export type FileRowValues = Record<string, string>;

/** A demo grid leader holding only these grids (the demo leader holds every basic grid of their community). */
export async function leaderOf(t: TestApp, gridCodes: string[]): Promise<Actor> {
  const [leader] = await t.ctx.db.select().from(appUser).where(eq(appUser.username, 'leader'));
  if (!leader) throw new Error('no leader');
  return {
    userId: leader.id,
    username: leader.username,
    displayName: leader.displayName,
    role: 'gridLeader',
    scopeKind: 'grids',
    divisionCode: leader.divisionCode,
    divisionPrefix: leader.divisionCode,
    departmentId: null,
    gridCodes,
    sessionId: 'test',
    mustChangePassword: false,
  };
}

export function importFiles(t: TestApp, registry: ImportRegistry, columns: readonly ImportColumn[]) {
  const titles = columns.map((c) => c.title);
  const cellsOf = (r: FileRowValues) => columns.map((c) => r[c.key] ?? null);

  /** Posts a file (under another registry name when `asRegistry` is given, to see it refused). */
  async function upload(file: Buffer, fileName: string, mode: 'all' | 'validOnly', as: string, asRegistry: string = registry) {
    const parts: FormPart[] = [
      { name: 'registry', data: asRegistry },
      { name: 'mode', data: mode },
      { name: 'file', data: file, fileName },
    ];
    return t.request({ method: 'POST', url: '/api/base-imports', as, ...multipartBody(parts) });
  }

  return {
    upload,
    async xlsxOf(rows: FileRowValues[]): Promise<Buffer> {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet(registry);
      sheet.addRow(titles);
      for (const r of rows) sheet.addRow(cellsOf(r));
      return Buffer.from(await book.xlsx.writeBuffer());
    },
    csvOf(rows: FileRowValues[]): Buffer {
      const quote = (v: string | null) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      const lines = [titles, ...rows.map(cellsOf)].map((cells) => cells.map(quote).join(','));
      return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);
    },
    /** Uploads, waits for the job to end, and answers its status as the API gives it. */
    async importFile(file: Buffer, fileName: string, mode: 'all' | 'validOnly', as: string) {
      const res = await upload(file, fileName, mode, as);
      expect(res.statusCode, res.body).toBe(202);
      const id = res.json().id as string;
      await importSettled(id);
      const status = await t.request({ method: 'GET', url: `/api/base-imports/${id}`, as });
      expect(status.statusCode, status.body).toBe(200);
      return status.json();
    },
    /** Runs a job for an actor built by the test (as the upload route does, but waited for); answers the job row. */
    async importAs(actor: Actor, file: Buffer, fileName: string, mode: 'all' | 'validOnly') {
      const id = randomUUID();
      const path = await importUploadPath(t.ctx, id);
      await writeFile(path, file);
      await createImportJob(t.ctx, actor, { id, registry, mode, fileName, path, bytes: file.length });
      await runImport(t.ctx, { actorId: actor.userId, actorRole: actor.role, ip: null, divisionCode: actor.divisionCode }, actor, id, path);
      const status = await t.request({ method: 'GET', url: `/api/base-imports/${id}`, as: actor.username });
      expect(status.statusCode, status.body).toBe(200);
      return status.json();
    },
    /** A job's problems as the API gives them: row, column, field and messages. */
    async problemsOf(id: string, as: string): Promise<{ row: number; column: string; field: string; message: string; messageZh: string }[]> {
      const res = await t.request({ method: 'GET', url: `/api/base-imports/${id}/errors?pageSize=200`, as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items;
    },
  };
}
