// The photos of a case's steps, as thumbnails from the attachments module
// (/api/attachments/{id}/content?variant=thumbnail); one that cannot be loaded becomes a grey tile of
// the same size, so the layout holds.
import { PictureOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { attachmentThumbnailUrl, attachmentUrl } from '../../api/client';
import type { CaseStep } from '../../api/types';
import { useCaseLabels } from './case-labels';

function Photo({ id, caption }: { id: string; caption: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  return (
    <figure className="case-photo" data-testid="case-photo" data-failed={failed ? '1' : '0'}>
      {failed ? (
        <div className="case-photo-missing" title={t('cases.page.photoMissing')}>
          <PictureOutlined />
          <span>{t('cases.page.photoMissing')}</span>
        </div>
      ) : (
        <a href={attachmentUrl(id)} target="_blank" rel="noopener noreferrer">
          <img src={attachmentThumbnailUrl(id)} alt={caption} loading="lazy" onError={() => setFailed(true)} />
        </a>
      )}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

export function CasePhotos({ steps }: { steps: CaseStep[] }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const photos = steps.flatMap((s) => s.attachmentIds.map((id) => ({ id, caption: labels.action(s.action) })));
  if (photos.length === 0) return <Typography.Text type="secondary">{t('cases.page.noPhotos')}</Typography.Text>;
  return (
    <div className="case-photos" data-testid="case-photos">
      {photos.map((p) => (
        <Photo key={p.id} id={p.id} caption={p.caption} />
      ))}
    </div>
  );
}
