const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID as our ids are written (checked before it reaches SQL or a lookup). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
