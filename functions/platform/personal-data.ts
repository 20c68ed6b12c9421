import { MOBILE_IN_TEXT } from './phone-numbers';

/**
 * A resident ID number as people write it: 17 digits and a check character (a digit or X), not
 * inside a longer run of digits. The check character is not verified: a text meant for the public
 * must not carry anything that looks like one.
 */
const ID_NUMBER_IN_TEXT = /(?<!\d)\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![\dXx])/;

/**
 * What in a text written for the public would identify a person: a mobile number or an ID number.
 * Texts the public reads (a handler's reply to a resident, a work contact) are checked with it
 * before they are saved.
 */
export function personalDataIn(text: string): 'mobile' | 'id_number' | undefined {
  if (MOBILE_IN_TEXT.test(text)) return 'mobile';
  if (ID_NUMBER_IN_TEXT.test(text)) return 'id_number';
  return undefined;
}
