export function presentField(
  field:
    | {
        key: string;
        nameZh: string;
        nameEn: string;
        type: 'string' | 'number' | 'boolean' | 'date';
        sensitivity: 'low' | 'medium' | 'high';
        sharingClass: 'open' | 'conditional' | 'none';
        legalBasis: string;
      }
    | undefined,
) {
  if (!field) throw new Error('no field');
  const { key, type, sensitivity, sharingClass, legalBasis } = field;
  return { key, name: { zh: field.nameZh, en: field.nameEn }, type, sensitivity, sharingClass, legalBasis };
}
