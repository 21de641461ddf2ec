import type { Knex } from 'knex';

/**
 * Decision 766/QĐ-TTg scorecard, version 2 (effective from 1 December 2026): motcua now keeps
 * files — scans of a dossier's documents and the result delivered as a file (migrations
 * 20261210005000 and 20261210020000) — so the digitisation group (số hóa hồ sơ, 22 points),
 * "chưa có dữ liệu" in version 1, is measured: half on the documents of the dossiers received
 * in the period that have a digitised copy, half on the dossiers finished with a result whose
 * result is kept as a file. Every other sub-indicator is version 1's, copied as it stands.
 * A period starting before 1 December 2026 keeps version 1 (files did not exist then: a rate
 * of 0 would be a made-up failure, not a measure). Version 1 is left as it was.
 */
const EFFECTIVE_FROM = '2026-12-01';

const DIGITISATION = [
  {
    code: 'MDSH.1',
    label: 'Thành phần hồ sơ được số hóa khi tiếp nhận',
    points: 11,
    measure: 'documents_digitised',
    decision_text: '“Số hóa hồ sơ”: 22 điểm (Quyết định 766/QĐ-TTg); số hóa hồ sơ, kết quả giải quyết thủ tục hành chính: Nghị định 45/2020/NĐ-CP, Thông tư 01/2023/TT-VPCP.',
    reading: 'Số giấy tờ của các hồ sơ tiếp nhận trong kỳ có bản số hóa (ảnh chụp hoặc tệp PDF đính kèm tại quầy, nộp trực tuyến hoặc qua Cổng) ÷ tổng số giấy tờ của các hồ sơ đó. Cách đọc của motcua; 11/22 điểm.',
  },
  {
    code: 'MDSH.2',
    label: 'Kết quả giải quyết được lưu dưới dạng tệp điện tử',
    points: 11,
    measure: 'results_digitised',
    decision_text: '“Số hóa hồ sơ”: 22 điểm (Quyết định 766/QĐ-TTg); số hóa kết quả giải quyết thủ tục hành chính: Nghị định 45/2020/NĐ-CP.',
    reading: 'Số hồ sơ giải quyết xong có kết quả trong kỳ mà kết quả được đính kèm dưới dạng tệp ÷ số hồ sơ giải quyết xong có kết quả trong kỳ. Cách đọc của motcua; 11/22 điểm.',
  },
];

export async function up(knex: Knex): Promise<void> {
  const v1 = await knex('scorecard_versions').where({ version: 1 }).first('id', 'source_note');
  if (!v1) return; // no version 1: nothing to build on (the version 1 migration always seeds it)
  const [row] = await knex('scorecard_versions')
    .insert({
      version: 2,
      effective_from: EFFECTIVE_FROM,
      title: 'Phiên bản 2: nhóm số hóa hồ sơ đo từ tệp đính kèm',
      source_note: `${String(v1.source_note)} Phiên bản 2 (từ 01/12/2026): nhóm “Số hóa hồ sơ” được đo từ các tệp motcua lưu (bản chụp giấy tờ, kết quả điện tử).`,
      created_at: new Date(),
    })
    .returning('id');
  const versionId = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  const indicators: Array<Record<string, unknown>> = await knex('scorecard_indicators').where({ version_id: v1.id }).orderBy('position').select('position', 'group_code', 'code', 'label', 'points', 'measure', 'decision_text', 'reading');
  const kept = indicators.filter((i) => i.group_code !== 'MDSH');
  const rows = [
    ...kept.map((i) => ({ group_code: i.group_code, code: i.code, label: i.label, points: i.points, measure: i.measure, decision_text: i.decision_text, reading: i.reading })),
    ...DIGITISATION.map((d) => ({ group_code: 'MDSH', ...d })),
  ];
  await knex('scorecard_indicators').insert(rows.map((r, k) => ({ version_id: versionId, position: k + 1, ...r })));
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
