export function presentWebhook(row: {
  id: string;
  url: string;
  status: 'active' | 'disabled';
  fannedOutThrough: number;
}) {
  return { id: row.id, url: row.url, status: row.status, fannedOutThrough: row.fannedOutThrough };
}
