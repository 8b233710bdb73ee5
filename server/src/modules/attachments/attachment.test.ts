// Attachments through the HTTP API on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL):
// content checks whatever the name says, the original kept byte for byte with its EXIF and GPS, copies
// without metadata, the jurisdiction (404 outside it), limits, and the audit rows.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.js';
import { TINY_PDF as PDF, multipartBody } from '../../test/multipart.js';
import { expectError } from '../../test/openapi-operations.js';
import { auditEvent } from '../audit/audit.tables.js';
import { contentDisposition, variantFileName } from './attachment.service.js';
import { attachment } from './attachment.tables.js';

const MAX = 64 * 1024;
const t = await createTestApp({ WANGGE_ATTACHMENT_MAX_BYTES: String(MAX) });
afterAll(() => t.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const upload = (as: string, file: { data: Buffer; name: string; type?: string }, fields: Record<string, string> = {}) =>
  t.request({
    method: 'POST',
    url: '/api/attachments',
    as,
    ...multipartBody([
      ...Object.entries(fields).map(([name, data]) => ({ name, data })),
      { name: 'file', data: file.data, fileName: file.name, type: file.type ?? 'image/jpeg' },
    ]),
  });
const meta = (id: string, as: string) => t.request({ method: 'GET', url: `/api/attachments/${id}`, as });
const content = (id: string, as: string, variant?: string, headers: Record<string, string> = {}) =>
  t.request({ method: 'GET', url: `/api/attachments/${id}/content${variant ? `?variant=${variant}` : ''}`, as, headers });
const rowCount = async () => (await t.ctx.db.select({ n: count() }).from(attachment))[0]?.n ?? 0;
const audits = async (action: string, targetId: string) =>
  t.ctx.db
    .select()
    .from(auditEvent)
    .where(eq(auditEvent.action, action))
    .then((rows) => rows.filter((r) => r.targetId === targetId));

// Where the photo was taken: 枣庄 (34°51′N, 117°33′E).
const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '34/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '117/1 33/1 0/1' };
const canvas = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 180, g: 40, b: 30 } } });
/** The EXIF block holds a GPS IFD pointer (tag 0x8825), in either byte order. */
const hasGps = (exif: Buffer | undefined) => Boolean(exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]))));

// XMP with the photographer's name, and a Display P3 colour profile, besides EXIF and GPS.
const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>郑海燕</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';
const gpsJpeg = await canvas(400, 300)
  .jpeg()
  .withExif({ IFD0: { Make: 'WanggeCam', Model: 'Test' }, IFD3: GPS })
  .withXmp(XMP)
  .withIccProfile('p3')
  .toBuffer();
// A sensor lying on its side: stored 64 × 32, EXIF orientation 6 (turn 90° clockwise to view).
const sidewaysJpeg = await canvas(64, 32).jpeg().withExif({ IFD3: GPS }).withMetadata({ orientation: 6 }).toBuffer();
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);

describe('a photo with EXIF and GPS', async () => {
  const res = await upload('worker', { data: gpsJpeg, name: 'IMG_0001.jpg' });
  const body = res.json();

  it('is stored: 201 with its description and the links to its variants', async () => {
    expect(res.statusCode, res.body).toBe(201);
    expect(body).toMatchObject({
      fileName: 'IMG_0001.jpg',
      kind: 'image',
      mime: 'image/jpeg',
      byteSize: gpsJpeg.length,
      sha256: sha(gpsJpeg),
      width: 400,
      height: 300,
      divisionCode: '370402001013',
      urls: {
        original: `/api/attachments/${body.id}/content?variant=original`,
        public: `/api/attachments/${body.id}/content?variant=public`,
        thumbnail: `/api/attachments/${body.id}/content?variant=thumbnail`,
      },
    });
    expect((await meta(body.id, 'worker')).json()).toEqual(body);
  });

  it('keeps the original byte for byte, GPS and all, under its hash in the data folder', async () => {
    const original = await content(body.id, 'worker', 'original');
    expect(original.statusCode).toBe(200);
    expect(sha(original.rawPayload)).toBe(sha(gpsJpeg));
    const m = await sharp(original.rawPayload).metadata();
    expect(hasGps(m.exif)).toBe(true);
    expect(m.xmp?.toString()).toContain('郑海燕');
    expect(m.icc).toBeDefined();
    const digest = sha(gpsJpeg);
    const file = path.join(t.ctx.config.dataDir, 'attachments', digest.slice(0, 2), digest.slice(2, 4), digest);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(path.dirname(file)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('shows a public copy and a thumbnail with no EXIF at all', async () => {
    const pub = await content(body.id, 'worker', 'public');
    expect(pub.statusCode).toBe(200);
    expect(pub.headers['content-type']).toBe('image/jpeg');
    const pm = await sharp(pub.rawPayload).metadata();
    expect(pm).toMatchObject({ format: 'jpeg', width: 400, height: 300 });
    expect(pm.exif).toBeUndefined();
    expect(pm.xmp).toBeUndefined();
    expect(pm.iptc).toBeUndefined();
    expect(pm.icc).toBeUndefined();
    expect(pub.rawPayload.includes(Buffer.from('郑海燕'))).toBe(false);
    // The default variant is the public one.
    expect(sha((await content(body.id, 'worker')).rawPayload)).toBe(sha(pub.rawPayload));

    const thumb = await content(body.id, 'worker', 'thumbnail');
    expect(thumb.headers['content-type']).toBe('image/webp');
    const tm = await sharp(thumb.rawPayload).metadata();
    expect(tm.format).toBe('webp');
    expect(tm.exif).toBeUndefined();
    expect(Math.max(tm.width ?? 0, tm.height ?? 0)).toBe(320);
  });

  it('answers with private caching, the hash as ETag, nosniff and an inline disposition', async () => {
    const original = await content(body.id, 'worker', 'original');
    expect(original.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'content-length': String(gpsJpeg.length),
      'cache-control': 'private, no-cache',
      etag: `"${sha(gpsJpeg)}"`,
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="IMG_0001.jpg"; filename*=UTF-8''IMG_0001.jpg`,
    });
    const again = await content(body.id, 'worker', 'original', { 'if-none-match': `"${sha(gpsJpeg)}"` });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const thumb = await content(body.id, 'worker', 'thumbnail');
    expect(thumb.headers.etag).toBe(`"${sha(thumb.rawPayload)}"`);
    expect(thumb.headers['content-disposition']).toContain('IMG_0001-thumbnail.webp');
  });

  it('audits the upload (its type, not its name) and every sending of the original, not of the copies', async () => {
    const [up] = await audits('attachment.upload', body.id);
    expect(up).toMatchObject({ actorRole: 'gridWorker', targetType: 'attachment', divisionCode: '370402001013', detail: 'image/jpeg' });
    expect(JSON.stringify(up)).not.toContain('IMG_0001');
    const before = (await audits('attachment.original.read', body.id)).length;
    expect(before).toBeGreaterThan(0);
    await content(body.id, 'shizhong', 'original');
    await content(body.id, 'shizhong', 'public');
    await content(body.id, 'shizhong', 'thumbnail');
    const after = await audits('attachment.original.read', body.id);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ actorRole: 'districtCentre', divisionCode: '370402001013' });
  });
});

describe('a photo taken sideways', () => {
  it('has an upright public copy and thumbnail: width and height swapped, no orientation left', async () => {
    const res = await upload('worker', { data: sidewaysJpeg, name: 'sideways.jpg' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ width: 32, height: 64 });
    const pm = await sharp((await content(res.json().id, 'worker', 'public')).rawPayload).metadata();
    expect(pm).toMatchObject({ width: 32, height: 64 });
    expect(pm.orientation).toBeUndefined();
    expect(pm.exif).toBeUndefined();
    const tm = await sharp((await content(res.json().id, 'worker', 'thumbnail')).rawPayload).metadata();
    expect(tm).toMatchObject({ width: 32, height: 64 });
    const om = await sharp((await content(res.json().id, 'worker', 'original')).rawPayload).metadata();
    expect(om).toMatchObject({ width: 64, height: 32, orientation: 6 });
  });
});

describe('other image types keep their format', () => {
  it.each([
    ['png', 'image/png', 'photo.png'],
    ['webp', 'image/webp', 'photo.webp'],
  ] as const)('%s: the public copy is %s, without metadata', async (format, mime, name) => {
    const data = await canvas(50, 40).toFormat(format).withExif({ IFD3: GPS }).toBuffer();
    const res = await upload('shizhong', { data, name, type: mime });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'image', mime, width: 50, height: 40 });
    const pub = await content(res.json().id, 'shizhong', 'public');
    expect(pub.headers['content-type']).toBe(mime);
    const pm = await sharp(pub.rawPayload).metadata();
    expect(pm.format).toBe(format);
    expect(pm.exif).toBeUndefined();
  });
});

describe('a document', () => {
  it('is judged by its content: a PDF named x.jpg is stored as application/pdf, kept as it is', async () => {
    const res = await upload('police', { data: PDF, name: 'x.jpg', type: 'image/jpeg' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ fileName: 'x.jpg', kind: 'document', mime: 'application/pdf', width: null, height: null, divisionCode: '370400000000' });
    expect(body.urls.thumbnail).toBeNull();
    const pub = await content(body.id, 'police', 'public');
    expect(pub.headers['content-type']).toBe('application/pdf');
    expect(sha(pub.rawPayload)).toBe(sha(PDF));
    expect(pub.headers['content-disposition']).toBe(`attachment; filename="x.pdf"; filename*=UTF-8''x.pdf`);
    expectError(await content(body.id, 'police', 'thumbnail'), 'thumbnail of a PDF', { status: 404, code: 'not_found' });
  });

  it('keeps a Chinese file name, sent safely in filename*', async () => {
    // As a browser sends it: UTF-8 in the quoted filename.
    const res = await upload('shizhong', { data: PDF, name: '整改通知书（第1号）.pdf', type: 'application/pdf' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fileName).toBe('整改通知书（第1号）.pdf');
    const got = await content(res.json().id, 'shizhong', 'original');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="_______1__.pdf"; filename*=UTF-8''${encodeURIComponent('整改通知书（第1号）.pdf')}`);
  });
});

describe('refused by content, whatever the name', () => {
  it.each([
    ['a program named photo.jpg', ELF, 'photo.jpg'],
    ['plain text named photo.jpg', Buffer.from('just some text, not a photo\n'), 'photo.jpg'],
    ['an SVG named photo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'photo.png'],
    ['a ZIP named report.pdf', Buffer.from('504b0304140000000800', 'hex'), 'report.pdf'],
  ])('%s: 400 naming file, nothing stored', async (_, data, name) => {
    const before = await rowCount();
    expectError(await upload('worker', { data, name }), name, { status: 400, code: 'validation_failed', field: 'file' });
    expect(await rowCount()).toBe(before);
  });

  it('a file that starts like a JPEG and then is garbage: 400 naming file', async () => {
    const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2000)]);
    expectError(await upload('worker', { data: corrupt, name: 'broken.jpg' }), 'corrupt', { status: 400, code: 'validation_failed', field: 'file' });
    const truncated = gpsJpeg.subarray(0, gpsJpeg.length - 200);
    expectError(await upload('worker', { data: truncated, name: 'cut.jpg' }), 'truncated', { status: 400, field: 'file' });
  });

  it('an empty file: 400 naming file', async () => {
    expectError(await upload('worker', { data: Buffer.alloc(0), name: 'empty.jpg' }), 'empty', { status: 400, field: 'file' });
  });

  it('a file over the limit: 413 with the error body, naming file', async () => {
    const big = Buffer.concat([gpsJpeg, randomBytes(MAX)]);
    const before = await rowCount();
    const res = await upload('worker', { data: big, name: 'big.jpg' });
    expectError(res, 'oversized', { status: 413, code: 'payload_too_large', field: 'file' });
    expect(res.json().message).toContain(String(MAX));
    expect(await rowCount()).toBe(before);
  });
});

describe('the form', () => {
  const post = (body: { payload: Buffer | string; headers: Record<string, string> }, as = 'worker') =>
    t.request({ method: 'POST', url: '/api/attachments', as, ...body });

  it('refuses JSON and other bodies with 415, saying to send multipart/form-data', async () => {
    const json = await t.request({ method: 'POST', url: '/api/attachments', as: 'worker', payload: {} });
    expectError(json, 'JSON', { status: 415, code: 'unsupported_media_type' });
    expect(json.json().message).toContain('multipart/form-data');
    const text = await post({ payload: 'hello', headers: { 'content-type': 'text/plain' } });
    expectError(text, 'text', { status: 415 });
    expect(text.json().message).toContain('multipart/form-data');
    expectError(await post({ payload: '{"a":', headers: { 'content-type': 'application/json' } }), 'malformed JSON', { status: 415, field: 'content-type' });
    expectError(await t.request({ method: 'POST', url: '/api/attachments', as: 'worker' }), 'no body', { status: 415, field: 'content-type' });
  });

  it('is taken by the upload route alone: a JSON route still refuses multipart with 415', async () => {
    const res = await t.request({ method: 'POST', url: '/api/matter-lists', as: 'city', ...multipartBody([{ name: 'note', data: 'x' }]) });
    expectError(res, 'multipart to a JSON route', { status: 415, code: 'unsupported_media_type' });
    expect(res.json().message).toContain('application/json');
  });

  it('keeps only the last part of a path in the file name, and no control characters', async () => {
    const res = await post(multipartBody([{ name: 'file', data: PDF, fileName: 'C:\\Users\\zheng\\scan\u0007.pdf' }]));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fileName).toBe('scan.pdf');
  });

  it('needs exactly one file, in the field file', async () => {
    expectError(await post(multipartBody([])), 'no parts', { status: 400, field: 'file' });
    expectError(await post(multipartBody([{ name: 'divisionCode', data: '370402001013' }])), 'no file', { status: 400, field: 'file' });
    const two = multipartBody([
      { name: 'file', data: PDF, fileName: 'a.pdf' },
      { name: 'file', data: PDF, fileName: 'b.pdf' },
    ]);
    expectError(await post(two), 'two files', { status: 400, field: 'file' });
    expectError(await post(multipartBody([{ name: 'photo', data: PDF, fileName: 'a.pdf' }])), 'other field', { status: 400, field: 'photo' });
  });

  it('refuses unknown and repeated fields, naming them', async () => {
    const unknown = multipartBody([
      { name: 'caseId', data: '1' },
      { name: 'file', data: PDF, fileName: 'a.pdf' },
    ]);
    expectError(await post(unknown), 'unknown field', { status: 400, field: 'caseId' });
    const long = multipartBody([
      { name: 'divisionCode', data: '3'.repeat(5000) },
      { name: 'file', data: PDF, fileName: 'a.pdf' },
    ]);
    expectError(await post(long), 'long field', { status: 400, field: 'divisionCode' });
  });

  it('refuses a body that is not well-formed multipart with 400, never 5xx', async () => {
    const cases: [string, Buffer | string, string][] = [
      ['no boundary', 'whatever', 'multipart/form-data'],
      ['wrong boundary', multipartBody([{ name: 'file', data: PDF, fileName: 'a.pdf' }]).payload, 'multipart/form-data; boundary=nope'],
      ['cut short', multipartBody([{ name: 'file', data: PDF, fileName: 'a.pdf' }]).payload.subarray(0, 120), 'multipart/form-data; boundary=x'],
      ['garbage', randomBytes(3000), `multipart/form-data; boundary=${'b'.repeat(30)}`],
    ];
    for (const [name, payload, type] of cases) {
      const res = await post({ payload, headers: { 'content-type': type } });
      expect(res.statusCode, `${name}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, name).toBeLessThan(500);
      expectError(res, name, { status: 400 });
    }
    const truncated = multipartBody([{ name: 'file', data: gpsJpeg, fileName: 'a.jpg' }]);
    const res = await post({ payload: truncated.payload.subarray(0, truncated.payload.length - 400), headers: truncated.headers });
    expectError(res, 'truncated body', { status: 400 });
  });
});

describe('the division an upload is filed under', () => {
  it('is the home division by default, or one the form names inside the jurisdiction', async () => {
    const town = await upload('shizhong', { data: PDF, name: 'a.pdf' }, { divisionCode: '370402001000' });
    expect(town.statusCode, town.body).toBe(201);
    expect(town.json().divisionCode).toBe('370402001000');
    expect((await upload('shizhong', { data: PDF, name: 'a.pdf' })).json().divisionCode).toBe('370402000000');
  });

  it.each([
    ['shizhong', '370481000000', 'another district'],
    ['shizhong', '370402999999', 'a division that does not exist'],
    ['shizhong', '3704', 'not a division code'],
    ['worker', '370402001000', "a grid worker's town, above their community"],
    ['zhongxinjie', '370402002000', 'a neighbouring town'],
  ])('%s filing under %s (%s): 400 naming divisionCode', async (as, divisionCode) => {
    const before = await rowCount();
    expectError(await upload(as, { data: PDF, name: 'a.pdf' }, { divisionCode }), divisionCode, {
      status: 400,
      code: 'validation_failed',
      field: 'divisionCode',
    });
    expect(await rowCount()).toBe(before);
  });
});

describe('who may read', async () => {
  // A grid worker's photo in 铁西居委会 (市中区 中心街街道), and a photo 滕州 filed.
  const tiexi = (await upload('worker', { data: gpsJpeg, name: 'tiexi.jpg' })).json().id as string;
  const tengzhou = (await upload('tengzhou', { data: gpsJpeg, name: 'tengzhou.jpg' })).json().id as string;
  const ghost = randomUUID();

  it.each([
    ['worker', 'the uploader'],
    ['zhongxinjie', 'the town centre over the community'],
    ['shizhong', 'the district centre over it'],
    ['city', 'the city centre'],
    ['auditor', 'the auditor, over the whole city'],
  ])('%s (%s) reads every variant', async (as) => {
    expect((await meta(tiexi, as)).statusCode).toBe(200);
    for (const variant of ['original', 'public', 'thumbnail']) expect((await content(tiexi, as, variant)).statusCode, `${as} ${variant}`).toBe(200);
  });

  it.each([
    ['tengzhou', 'another district'],
    ['leader', 'grid staff of the same community: they read their own uploads (cases will add theirs)'],
    ['police', 'a department: its own uploads (cases dispatched to it will add theirs)'],
  ])('%s (%s) gets 404 for the metadata and every variant, the answer for an id that does not exist', async (as) => {
    const nowhere = await meta(ghost, as);
    expectError(nowhere, 'ghost', { status: 404, code: 'not_found' });
    const outside = await meta(tiexi, as);
    expectError(outside, `${as} metadata`, { status: 404, code: 'not_found' });
    expect(outside.json()).toEqual(nowhere.json());
    for (const variant of ['original', 'public', 'thumbnail']) {
      const res = await content(tiexi, as, variant);
      expectError(res, `${as} ${variant}`, { status: 404, code: 'not_found' });
      expect(res.json()).toEqual((await content(ghost, as, variant)).json());
    }
  });

  it("the 市中区 centre does not see 滕州's photo; 滕州 and the city do", async () => {
    expectError(await meta(tengzhou, 'shizhong'), 'shizhong → tengzhou', { status: 404, code: 'not_found' });
    expectError(await content(tengzhou, 'shizhong', 'original'), 'shizhong → tengzhou original', { status: 404 });
    expect((await meta(tengzhou, 'tengzhou')).statusCode).toBe(200);
    expect((await content(tengzhou, 'city', 'original')).statusCode).toBe(200);
  });

  it('needs a session and the permission: 401 without, 403 for the administrator and for the auditor uploading', async () => {
    expectError(await t.request({ method: 'GET', url: `/api/attachments/${tiexi}` }), 'anonymous', { status: 401 });
    expectError(await t.request({ method: 'GET', url: `/api/attachments/${tiexi}/content` }), 'anonymous content', { status: 401 });
    expectError(await meta(tiexi, 'admin'), 'admin', { status: 403, code: 'forbidden' });
    expectError(await upload('admin', { data: PDF, name: 'a.pdf' }), 'admin upload', { status: 403, code: 'forbidden' });
    expectError(await upload('auditor', { data: PDF, name: 'a.pdf' }), 'auditor upload', { status: 403, code: 'forbidden' });
  });

  it('refuses an unknown variant and a malformed id, naming them', async () => {
    expectError(await content(tiexi, 'worker', 'raw'), 'variant', { status: 400, field: 'query.variant' });
    expectError(await content('not-a-uuid', 'worker'), 'id', { status: 400, field: 'params.id' });
  });
});

describe('file names in headers', () => {
  it('keeps a quote, a semicolon or a line break from breaking the header', () => {
    expect(contentDisposition('inline', 'a";b\r\nc.jpg')).toBe(`inline; filename="a__b__c.jpg"; filename*=UTF-8''a%22%3Bb%0D%0Ac.jpg`);
    expect(contentDisposition('attachment', "it's (1).pdf")).toBe(`attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`);
  });

  it("names each variant by what it is: a HEIC's public copy .jpg, a thumbnail .webp", () => {
    expect(variantFileName('IMG_1.HEIC', 'image/jpeg', 'public')).toBe('IMG_1.jpg');
    expect(variantFileName('IMG_1.HEIC', 'image/heic', 'original')).toBe('IMG_1.HEIC');
    expect(variantFileName('photo.JPEG', 'image/jpeg', 'public')).toBe('photo.JPEG');
    expect(variantFileName('scan', 'application/pdf', 'public')).toBe('scan.pdf');
    expect(variantFileName('a.b.png', 'image/webp', 'thumbnail')).toBe('a.b-thumbnail.webp');
  });
});
