/**
 * A mainland mobile number as people type it: 1[3-9]x xxxx xxxx, with or without +86 (or 0086) and
 * spaces or dashes between the digits. One definition for the places that must recognise one: the
 * grid staff listing refuses it as a "work contact" (a personal phone, published on the open web),
 * and a council co-signer may give one as their contact. The eleven digits are group 1.
 */
const MOBILE = String.raw`(?:(?:\+|00)?86[\s-]?)?(1[3-9]\d(?:[\s-]?\d){8})`;

/** A mobile number anywhere in a text (not inside a longer run of digits). */
export const MOBILE_IN_TEXT = new RegExp(String.raw`(?<![\d+])${MOBILE}(?!\d)`);

/** A text that is a mobile number and nothing else. */
export const MOBILE_NUMBER = new RegExp(`^${MOBILE}$`);

/** A text that is a mainland landline number and nothing else: area code optional, an extension allowed. */
export const LANDLINE_NUMBER = /^(?:\(?0\d{2,3}\)?[\s-]?)?[2-9]\d{6,7}(?:[\s-]?(?:转|ext\.?|x)\s?\d{1,6})?$/i;
