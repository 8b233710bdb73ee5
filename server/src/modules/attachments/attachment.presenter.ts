// The one place an attachment row becomes a response: no blob keys, no uploader, the links to the
// variants the reader may fetch.
import type { attachment } from './attachment.tables.js';

type AttachmentRow = typeof attachment.$inferSelect;

export function presentAttachment(row: AttachmentRow, may: { original: boolean }) {
  const content = `/api/attachments/${row.id}/content`;
  return {
    id: row.id,
    fileName: row.fileName,
    kind: row.kind as 'image' | 'document',
    mime: row.mime,
    byteSize: row.byteSize,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    divisionCode: row.divisionCode,
    createdAt: row.createdAt.toISOString(),
    urls: {
      original: may.original ? `${content}?variant=original` : null,
      public: `${content}?variant=public`,
      thumbnail: row.thumbnailKey ? `${content}?variant=thumbnail` : null,
    },
  };
}
