/**
 * Personal data in views: ID numbers, phones and health details are masked unless the request is the
 * audited unmask (DOMAIN §8.1; S3 §三(四): no ID, phone or health data in notices). One list of which
 * fields are personal, so every view masks the same ones.
 */
import { maskBirthDate, maskIdNumber, maskPhone } from './id-number.js';

/** Health details (diagnoses) never show in part: any text becomes this. */
export const HEALTH_MASK = '***';

export function maskHealthDetail(value: string | null | undefined): string | null {
  return value ? HEALTH_MASK : null;
}

/** The personal fields of each view, by how they are masked. */
export const PERSONAL_FIELDS = {
  household: { phone: ['phone', 'monitorContactPhone'] },
  member: { idNumber: ['idNumber'], birthDate: ['birthDate'], phone: ['phone'], health: ['disease'] },
} as const;

export interface MemberPersonal {
  idNumber: string | null;
  birthDate: string;
  phone: string | null;
  disease: string | null;
}

export interface HouseholdPersonal {
  phone: string | null;
  monitorContactPhone: string | null;
}

/** A member view with its personal fields masked. */
export function maskMember<T extends MemberPersonal>(m: T): T {
  return {
    ...m,
    idNumber: maskIdNumber(m.idNumber),
    birthDate: maskBirthDate(m.birthDate)!,
    phone: maskPhone(m.phone),
    disease: maskHealthDetail(m.disease),
  };
}

/** A household view with its phones masked. */
export function maskHousehold<T extends HouseholdPersonal>(h: T): T {
  return { ...h, phone: maskPhone(h.phone), monitorContactPhone: maskPhone(h.monitorContactPhone) };
}

/** An e-mail address in views: its first two characters and its domain (zhangsan@x.cn → zh***@x.cn). */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email.slice(0, Math.min(2, at))}***${email.slice(at)}`;
}
