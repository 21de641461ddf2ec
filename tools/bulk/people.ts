/** Synthetic applicants: Vietnamese names, citizen ID numbers, phones, addresses. */
import { foldForSearch } from '../../src/domain/text.js';
import { Prng, WeightedPicker } from './prng.js';
import { COMMUNE_PLACES, FAMILY_NAMES, FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE, STREETS, type CommuneKind } from './vocab.js';

const familyPicker = new WeightedPicker(
  FAMILY_NAMES.map(([n]) => n),
  FAMILY_NAMES.map(([, w]) => w),
);

export interface PersonName {
  name: string;
  family: string;
  given: string;
  female: boolean;
}

export function personName(rng: Prng): PersonName {
  const female = rng.chance(0.5);
  const family = familyPicker.pick(rng);
  const middle = rng.pick(female ? FEMALE_MIDDLE : MALE_MIDDLE);
  const given = rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
  return { name: `${family} ${middle} ${given}`, family, given, female };
}

const folded = new Map<string, string>();

/** foldForSearch, memoised: the name lists are small, the dossiers many. */
export function foldName(name: string): string {
  let f = folded.get(name);
  if (f === undefined) {
    f = foldForSearch(name);
    folded.set(name, f);
  }
  return f;
}

const PHONE_PREFIXES = ['090', '091', '093', '094', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039', '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '088', '089', '056', '058'];
const EMAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'];

export interface Applicant {
  name: string;
  folded: string;
  idNumber: string;
  phone: string;
  email: string | null;
  address: string;
  representative: string | null;
}

/** A 12-digit citizen ID (CCCD): province code, century-and-sex digit, birth year, serial. */
function idNumber(rng: Prng, female: boolean): string {
  const year = rng.chance(0.15) ? rng.int(2000, 2007) : rng.int(1945, 1999);
  const province = rng.chance(0.8) ? '075' : rng.pick(['070', '079', '074', '038', '040', '036']);
  const centuryDigit = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  return `${province}${centuryDigit}${String(year % 100).padStart(2, '0')}${rng.digits(6)}`;
}

export function address(rng: Prng, place: string, kind: CommuneKind): string {
  if (kind === 'phường') {
    const house = rng.chance(0.3) ? `${rng.int(1, 300)}/${rng.int(1, 40)}` : String(rng.int(1, 999));
    return `Số ${house}, đường ${rng.pick(STREETS)}, khu phố ${rng.int(1, 12)}, phường ${place}, tỉnh Đồng Nai`;
  }
  return `Tổ ${rng.int(1, 20)}, ấp ${rng.int(1, 9)}, xã ${place}, tỉnh Đồng Nai`;
}

export function applicant(rng: Prng, home: { place: string; kind: CommuneKind } | null): Applicant {
  const p = personName(rng);
  const where = home ?? (() => {
    const c = rng.pick(COMMUNE_PLACES);
    return { place: c.name, kind: c.kind };
  })();
  const email = rng.chance(0.25)
    ? `${foldName(p.given).replace(/\s+/g, '')}.${foldName(p.family).replace(/\s+/g, '')}${rng.int(1, 99)}@${rng.pick(EMAIL_DOMAINS)}`
    : null;
  return {
    name: p.name,
    folded: foldName(p.name),
    idNumber: idNumber(rng, p.female),
    phone: `${rng.pick(PHONE_PREFIXES)}${rng.digits(7)}`,
    email,
    address: address(rng, where.place, where.kind),
    representative: rng.chance(0.05) ? personName(rng).name : null,
  };
}
