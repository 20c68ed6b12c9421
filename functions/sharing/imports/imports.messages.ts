import { type Catalogue, countEn, msg } from '../../platform/messages';

/** The bulk import's own messages (its refusals, and its per-line report), zh-CN and English. */
export const importsMessages = {
  'import.not_found': { zh: '本市没有您的这次导入。', en: 'No such import of yours in this city.' },
  'import.domain_missing': {
    zh: '缺少数据域（逐行填写或用 ?domain= 指定）',
    en: 'missing (give it per line or as ?domain=)',
  },
  'import.resident_missing': { zh: '请填写 idNumber 或 residentId', en: 'give idNumber or residentId' },
  'import.data_not_object': { zh: '必须是对象', en: 'must be an object' },
  'import.not_a_number': { zh: '必须是数字', en: 'must be a number' },
  'import.not_a_boolean': { zh: '必须是 true/false（是/否）', en: 'must be true/false (是/否)' },
  'import.cell_count': msg<{ cells: number; header: number }>(
    (p) => `本行 ${p.cells} 个单元格，表头有 ${p.header} 个`,
    (p) => `${countEn(p.cells, 'cell', 'cells')}, the header has ${p.header}`,
  ),
  'import.unknown_domain': msg<{ domain: string }>(
    (p) => `没有数据域“${p.domain}”`,
    (p) => `no data domain "${p.domain}"`,
  ),
  'import.unknown_column': msg<{ column: string; domain: string }>(
    (p) =>
      `表头的“${p.column}”不是数据域“${p.domain}”的字段（也不是 id_number、effective_on）；文件未导入，以免这一列的值被丢弃`,
    (p) =>
      `"${p.column}" in the header is not a field of the data domain "${p.domain}" (nor id_number or effective_on); the file was not imported, so that the column's values are not lost`,
  ),
  'import.chunk_not_applied': {
    zh: '未写入：同一批次的另一行有错误',
    en: 'not applied: another line of its chunk failed',
  },
  'import.too_large': msg<{ format: string; megabytes: number }>(
    (p) => `上传的文件超过 ${p.megabytes} MB，即 ${p.format} 的上限。`,
    (p) => `The upload is larger than ${p.megabytes} MB, the limit for ${p.format}.`,
  ),
  'import.split_file': msg<{ format: string; megabytes: number }>(
    (p) => `${p.format} 最大 ${p.megabytes} MB；请把文件拆分为几次导入`,
    (p) => `at most ${p.megabytes} MB for ${p.format}; split the file into several imports`,
  ),
  'import.empty_file': { zh: '文件为空', en: 'the file is empty' },
  'import.running': {
    zh: '此次导入仍在进行（两分钟内仍在续租）；只有已中断的导入可以续传。',
    en: 'This import is still running (its worker renewed its lease within the last two minutes); only an interrupted import can be resumed.',
  },
  'import.finished': msg<{ status: string }>(
    (p) => `此次导入已结束（${p.status}），没有可续传的内容。要修改的行请作为新的导入发送。`,
    (p) =>
      `This import has finished (${p.status}); there is nothing to resume. Send the lines to change as a new import.`,
  ),
  'import.already_resumed': msg<{ by?: string }>(
    (p) => (p.by ? `此次导入已被导入 ${p.by} 续传；如它中断，请续传那一次。` : '此次导入已被续传。'),
    (p) =>
      p.by
        ? `This import was already resumed, by import ${p.by}; resume that one if it stops.`
        : 'This import was already resumed.',
  ),
  'import.resume_mismatch': {
    zh: '这不是该次导入读取的文件：已写入的行不一致。',
    en: 'This is not the upload the import was reading: the lines it already applied differ.',
  },
  'import.resume_lines_differ': msg<{ through: number; job: string }>(
    (p) => `第 1–${p.through} 行与导入 ${p.job} 已写入的行不同`,
    (p) => `lines 1–${p.through} are not the lines import ${p.job} applied`,
  ),
  'import.resume_format': msg<{ was: string; now: string }>(
    (p) => `该次导入读取的是 ${p.was}，不是 ${p.now}`,
    (p) => `the import read ${p.was}, not ${p.now}`,
  ),
  'import.resume_domain': msg<{ domain: string | null }>(
    (p) => `该次导入指定的是 domain=${p.domain ?? '（未指定）'}`,
    (p) => `the import was given domain=${p.domain ?? '(none)'}`,
  ),
  'import.resume_hint': msg<{ job: string; line: number }>(
    (p) => `${p.job}：第 ${p.line} 行及之前已写入；发送同一文件并加上 ?resume=${p.job} 继续`,
    (p) => `${p.job}: lines up to ${p.line} are applied; send the same file with ?resume=${p.job} to go on`,
  ),
  'import.taken_over': {
    zh: '租约过期后，另一次上传续传了此次导入；本次已停止，未再写入任何内容。',
    en: 'Another upload resumed this import after its lease lapsed; this one stopped and applied nothing more.',
  },
  'import.header_invalid': { zh: '第一行必须是列名。', en: 'The first line must name the columns.' },
  'import.upload_broken': {
    zh: '上传在文件结束前中断；请发送同一文件并加上 ?resume=<导入编号>。',
    en: 'The upload broke off before its end; send the same file again with ?resume=<job id>.',
  },
  'import.client_gone': { zh: '客户端已断开，导入已停止。', en: 'The client went away; the import stopped.' },
  'import.line_too_long': msg<{ megabytes: number }>(
    (p) => `超过 ${p.megabytes} MB：每条记录是否各占一行，格式是否与所选一致？`,
    (p) => `longer than ${p.megabytes} MB: is each record on a line of its own, in the format given?`,
  ),
  'import.json_too_deep': msg<{ depth: number }>(
    (p) => `嵌套超过 ${p.depth} 层`,
    (p) => `nested deeper than ${countEn(p.depth, 'level', 'levels')}`,
  ),
  'import.too_many_keys': msg<{ keys: number }>(
    (p) => `键超过 ${p.keys} 个`,
    (p) => `more than ${countEn(p.keys, 'key', 'keys')}`,
  ),
  'import.key_lone_surrogate': {
    zh: '有键含有残缺字符（孤立的 UTF-16 代理项）',
    en: 'a key contains a broken character (a lone UTF-16 surrogate)',
  },
  'import.key_nul_character': {
    zh: '有键含有 NUL 字符（U+0000）',
    en: 'a key contains the NUL character (U+0000)',
  },
} satisfies Catalogue;
