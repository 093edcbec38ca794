import type { VisitLocation } from '@dixian/core/api';
import { Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';

/**
 * A visit's evidence on the household's timeline and visit list (S3 §三(二): 如实、及时纪实): the photos, read from
 * the server only by users whose area covers the household (each read audited), the place, or the mark that
 * it has neither.
 */
export function VisitEvidence({
  photoIds,
  location,
  noEvidence,
}: {
  photoIds: readonly string[];
  location: VisitLocation | null;
  noEvidence: boolean;
}) {
  const { t } = useI18n();
  if (noEvidence) return <Tag color="warning">{t('field.noEvidence')}</Tag>;
  return (
    <div data-testid="visit-evidence">
      {photoIds.length > 0 && (
        <div className="field-photos" style={{ margin: '4px 0' }}>
          {photoIds.map((id, i) => (
            <a key={id} href={`/api/visit-photos/${id}`} target="_blank" rel="noreferrer">
              <img
                src={`/api/visit-photos/${id}`}
                alt={`${t('field.visit.photos')} ${i + 1}`}
                loading="lazy"
                width={64}
                height={64}
                style={{ objectFit: 'cover', borderRadius: 4, marginRight: 4 }}
              />
            </a>
          ))}
        </div>
      )}
      {location && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('field.location', { lat: location.latitude.toFixed(5), lng: location.longitude.toFixed(5) })}
        </Typography.Text>
      )}
    </div>
  );
}

/** The evidence a timeline entry's detail carries (visits only). */
export function evidenceOfDetail(detail: Record<string, unknown>) {
  return {
    photoIds: Array.isArray(detail.photoIds) ? (detail.photoIds as string[]) : [],
    location: (detail.location as VisitLocation | null | undefined) ?? null,
    noEvidence: detail.noEvidence === true,
  };
}
