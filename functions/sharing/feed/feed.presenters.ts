export function presentWebhook(row: {
  id: string;
  departmentId: string;
  url: string;
  status: 'active' | 'disabled';
  fannedOutThrough: number;
  failingSince: Date | null;
  retryAt: Date | null;
}) {
  return {
    id: row.id,
    departmentId: row.departmentId,
    url: row.url,
    status: row.status,
    fannedOutThrough: row.fannedOutThrough,
    failingSince: row.failingSince?.toISOString() ?? null,
    retryAt: row.retryAt?.toISOString() ?? null,
  };
}
