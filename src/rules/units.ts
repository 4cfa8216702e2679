const WEIGHT_UNITS = new Set(['kg', 'g', 't', 'tonnes', 'lb', 'lbs']);

export type UnitFamily = 'value' | 'weight' | 'other';

/** Which measure a unit belongs to: a currency code is value, kg/t/… are weight. */
export function unitFamily(unit: string): UnitFamily {
  if (WEIGHT_UNITS.has(unit.toLowerCase())) return 'weight';
  if (/^[A-Z]{3}$/.test(unit)) return 'value';
  return 'other';
}
