import { PHOTOS_PER_VISIT, type VisitLocation } from '@dixian/core/api';
import { Button, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { compressPhoto } from './store/photos';

export interface Photo {
  id: string;
  blob: Blob;
  url: string;
}

/** Photos from the phone's camera, compressed on the phone before they are kept. */
export function PhotoField({
  photos,
  setPhotos,
  onError,
}: {
  photos: Photo[];
  setPhotos: (update: (list: Photo[]) => Photo[]) => void;
  onError: (message: string) => void;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.url)), [photos]);
  const add = async (files: FileList | null) => {
    for (const file of Array.from(files ?? []).slice(0, PHOTOS_PER_VISIT - photos.length)) {
      try {
        const blob = await compressPhoto(file);
        setPhotos((list) => [...list, { id: crypto.randomUUID(), blob, url: URL.createObjectURL(blob) }]);
      } catch (e) {
        onError((e as Error).message);
      }
    }
    if (input.current) input.current.value = '';
  };
  return (
    <>
      <div className="field-photos">
        {photos.map((p, i) => (
          <img key={p.id} src={p.url} alt={`${t('field.visit.photos')} ${i + 1}`} />
        ))}
      </div>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        style={{ display: 'none' }}
        data-testid="visit-photo-input"
        aria-label={t('field.visit.takePhoto')}
        onChange={(e) => void add(e.target.files)}
      />
      <Button
        disabled={photos.length >= PHOTOS_PER_VISIT}
        onClick={() => input.current?.click()}
        style={{ marginTop: 6 }}
      >
        {t('field.visit.takePhoto')}
      </Button>
    </>
  );
}

export type Place = ReturnType<typeof usePlace>;

/** The device's position when the user allows it; asked at once when already allowed. */
export function usePlace() {
  const [location, setLocation] = useState<VisitLocation | null>(null);
  const [locating, setLocating] = useState(false);
  const [failed, setFailed] = useState(false);
  const locate = () => {
    if (!('geolocation' in navigator)) return setFailed(true);
    setLocating(true);
    setFailed(false);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocation({
          latitude: pos.coords.latitude,
          longitude: pos.coords.longitude,
          accuracyM: Number.isFinite(pos.coords.accuracy) ? pos.coords.accuracy : null,
          capturedAt: new Date(pos.timestamp).toISOString(),
        });
        setLocating(false);
      },
      () => {
        setFailed(true);
        setLocating(false);
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 120_000 },
    );
  };
  useEffect(() => {
    void navigator.permissions
      ?.query({ name: 'geolocation' })
      .then((p) => p.state === 'granted' && locate())
      .catch(() => undefined);
  }, []);
  return { location, locating, failed, locate };
}

export function PlaceField({ place }: { place: Place }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size={2}>
      <Button loading={place.locating} onClick={place.locate}>
        {place.locating ? t('field.visit.locating') : t('field.visit.locate')}
      </Button>
      {place.location && (
        <Typography.Text>
          ✓ {t('field.visit.locatedAt', { m: Math.round(place.location.accuracyM ?? 0) })}
        </Typography.Text>
      )}
      {place.failed && <Typography.Text type="warning">{t('field.visit.locationFailed')}</Typography.Text>}
    </Space>
  );
}
