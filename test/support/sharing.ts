import { checkCharacter } from '../../functions/sharing/registry/id-number';
import type { testApp } from './app';
import { PLATFORM_TOKEN } from './fixtures';

/** A valid GB 11643 number for a birth date and a serial (odd serial: male). */
export function idNumberFor(birthDate: string, serial: number, region = '110105'): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(serial).padStart(3, '0')}`;
  return `${first17}${checkCharacter(first17)}`;
}

/** A department's API key with the given scopes, issued through the administration API. */
export async function departmentKey(
  api: ReturnType<typeof testApp>,
  slug: string,
  departmentKey: string,
  scopes: string[],
): Promise<{ secret: string; departmentId: string }> {
  const departments = (await (await api.get(`/v1/t/${slug}/departments`)).json()) as {
    items: { id: string; key: string }[];
  };
  const department = departments.items.find((item) => item.key === departmentKey);
  if (!department) throw new Error(`no department ${departmentKey}`);
  const client = (await (
    await api.send('POST', `/v1/t/${slug}/api-clients`, {
      token: PLATFORM_TOKEN,
      json: {
        departmentId: department.id,
        name: `${departmentKey} ${Math.random().toString(36).slice(2, 10)}`,
      },
    })
  ).json()) as { id: string };
  const issued = await api.send('POST', `/v1/t/${slug}/api-clients/${client.id}/keys`, {
    token: PLATFORM_TOKEN,
    json: { scopes },
  });
  if (issued.status !== 201) throw new Error(`key issue failed: ${await issued.text()}`);
  const { secret } = (await issued.json()) as { secret: string };
  return { secret, departmentId: department.id };
}
