import type { Knex } from 'knex';

/**
 * Decision 766/QĐ-TTg's scorecard (issue 25 §2).
 *
 * - scorecard_versions: a reading of the decision's sub-indicators, in force from
 *   `effective_from` (YYYY-MM-DD; a period uses the latest version in force on its first
 *   day). `source_note` says where the text comes from.
 * - scorecard_indicators: a version's sub-indicators: group (the portal's codes CKMB, TDGQ,
 *   CLGQ, TTTT, MDHL, MDSH), points, the motcua `measure` it is computed from (null: motcua
 *   has no data for it, shown "chưa có dữ liệu"), the text quoted (`decision_text`) and how
 *   motcua reads it (`reading`). The points of a group's indicators add up to the group's.
 * - scorecard_portal_scores: the score the national portal published for an agency, a period
 *   (kind + first day) and a group, entered by an administrator to compare with motcua's.
 *
 * Version 1 is seeded here. The annex's sub-formulas were not found in a public text
 * (domain.md, "Decision 766/QĐ-TTg scorecard"): the groups and points are the decision's,
 * the satisfaction formula is the one the reports already apply, and the rest is motcua's
 * reading, said so in each row. New tables only: existing data keeps its meaning.
 */
const SOURCE_NOTE =
  'Quyết định 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp): sáu nhóm chỉ số, 100 điểm. Công thức chi tiết của từng chỉ số thành phần chưa tìm thấy trong văn bản công khai; phiên bản 1 là cách đọc của motcua, ghi rõ ở từng chỉ số, và được so sánh với điểm Cổng Dịch vụ công quốc gia công bố.';

const INDICATORS: Array<{ group: string; code: string; label: string; points: number; measure: string | null; text: string; reading: string }> = [
  {
    group: 'CKMB',
    code: 'CKMB.1',
    label: 'Hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia đúng thời gian',
    points: 9,
    measure: 'portal_sync_on_time',
    text: '“Công khai, minh bạch”: 18 điểm (Quyết định 766/QĐ-TTg). Đồng bộ trong 10 phút: Nghị định 63/2024/NĐ-CP.',
    reading: 'Số hồ sơ có thay đổi trong kỳ mà mọi thay đổi đều được Cổng nhận trong 10 phút ÷ số hồ sơ có thay đổi trong kỳ (không tính hồ sơ chỉ còn thay đổi chưa đủ 10 phút chưa gửi). Cách đọc của motcua; 9/18 điểm.',
  },
  {
    group: 'CKMB',
    code: 'CKMB.2',
    label: 'Thủ tục hành chính được công khai đầy đủ theo Cơ sở dữ liệu quốc gia',
    points: 9,
    measure: 'procedures_published',
    text: '“Công khai, minh bạch”: 18 điểm (Quyết định 766/QĐ-TTg).',
    reading: 'Số thủ tục cơ quan tiếp nhận (đang áp dụng) có bản công bố từ Cơ sở dữ liệu quốc gia về thủ tục hành chính đã áp dụng đến cuối kỳ ÷ số thủ tục cơ quan tiếp nhận. Cách đọc của motcua; 9/18 điểm.',
  },
  {
    group: 'TDGQ',
    code: 'TDGQ.1',
    label: 'Hồ sơ giải quyết đúng hạn',
    points: 20,
    measure: 'on_time',
    text: '“Tiến độ giải quyết”: 20 điểm, theo tỷ lệ hồ sơ giải quyết đúng hạn (Quyết định 766/QĐ-TTg).',
    reading: '(Trước hạn + đúng hạn) ÷ số hồ sơ đã giải quyết trong kỳ, như báo cáo Kết quả giải quyết hồ sơ (so ngày hoàn thành với ngày hẹn trả ban đầu).',
  },
  {
    group: 'CLGQ',
    code: 'CLGQ.1',
    label: 'Thủ tục cung cấp dịch vụ công trực tuyến',
    points: 6,
    measure: 'online_procedures',
    text: '“Dịch vụ công trực tuyến”: 12 điểm (Quyết định 766/QĐ-TTg).',
    reading: 'Số thủ tục cơ quan tiếp nhận có mức trực tuyến một phần hoặc toàn trình ÷ số thủ tục cơ quan tiếp nhận. Cách đọc của motcua; 6/12 điểm.',
  },
  {
    group: 'CLGQ',
    code: 'CLGQ.2',
    label: 'Hồ sơ nộp trực tuyến',
    points: 6,
    measure: 'online_dossiers',
    text: '“Dịch vụ công trực tuyến”: 12 điểm (Quyết định 766/QĐ-TTg).',
    reading: 'Số hồ sơ mới tiếp nhận trong kỳ nộp trực tuyến ÷ số hồ sơ mới tiếp nhận trong kỳ (theo hình thức nộp của hồ sơ). Cách đọc của motcua; 6/12 điểm.',
  },
  {
    group: 'TTTT',
    code: 'TTTT.1',
    label: 'Thanh toán trực tuyến',
    points: 10,
    measure: null,
    text: '“Thanh toán trực tuyến”: 10 điểm (Quyết định 766/QĐ-TTg).',
    reading: 'motcua chưa ghi nhận thanh toán phí, lệ phí trực tuyến: chưa có dữ liệu.',
  },
  {
    group: 'MDHL',
    code: 'MDHL.1',
    label: 'Tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg',
    points: 18,
    measure: 'satisfaction_766',
    text: '“Mức độ hài lòng”: 18 điểm; tỷ lệ = (số hồ sơ − số hồ sơ bị đánh giá “Không hài lòng” hoặc có phản ánh về việc tiếp nhận, giải quyết, hoặc quá hạn) ÷ số hồ sơ (Quyết định 766/QĐ-TTg).',
    reading: 'Như báo cáo Mức độ hài lòng của người dân: hồ sơ kết thúc giải quyết trong kỳ (có kết quả hoặc từ chối), đánh giá và phản ánh tính đến thời điểm lập báo cáo.',
  },
  {
    group: 'MDSH',
    code: 'MDSH.1',
    label: 'Số hóa hồ sơ, kết quả giải quyết',
    points: 22,
    measure: null,
    text: '“Số hóa hồ sơ”: 22 điểm (Quyết định 766/QĐ-TTg).',
    reading: 'motcua chưa lưu bản số hóa của thành phần hồ sơ và kết quả: chưa có dữ liệu.',
  },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scorecard_versions', (t) => {
    t.increments('id').primary();
    t.integer('version').notNullable().unique();
    t.string('effective_from', 10).notNullable();
    t.string('title', 300).notNullable();
    t.text('source_note').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('scorecard_indicators', (t) => {
    t.increments('id').primary();
    t.integer('version_id').notNullable().references('id').inTable('scorecard_versions');
    t.integer('position').notNullable();
    t.string('group_code', 10).notNullable();
    t.string('code', 20).notNullable();
    t.string('label', 300).notNullable();
    t.decimal('points', 6, 2).notNullable();
    t.string('measure', 60);
    t.text('decision_text').notNullable();
    t.text('reading').notNullable();
    t.unique(['version_id', 'code']);
  });
  await knex.schema.createTable('scorecard_portal_scores', (t) => {
    t.increments('id').primary();
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.string('period_kind', 10).notNullable();
    t.string('first_day', 10).notNullable();
    t.string('group_code', 10).notNullable();
    t.decimal('score', 6, 2).notNullable();
    t.string('note', 500).notNullable().defaultTo('');
    t.integer('entered_by').notNullable().references('id').inTable('users');
    t.timestamp('entered_at', { useTz: true }).notNullable();
    t.unique(['agency_id', 'period_kind', 'first_day', 'group_code']);
  });
  const [row] = await knex('scorecard_versions')
    .insert({ version: 1, effective_from: '2022-06-23', title: 'Phiên bản 1: cách đọc của motcua', source_note: SOURCE_NOTE, created_at: new Date() })
    .returning('id');
  const versionId = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  await knex('scorecard_indicators').insert(
    INDICATORS.map((i, k) => ({ version_id: versionId, position: k + 1, group_code: i.group, code: i.code, label: i.label, points: i.points, measure: i.measure, decision_text: i.text, reading: i.reading })),
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
