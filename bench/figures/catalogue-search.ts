/**
 * The public catalogue's search (/thu-tuc, Zalo "TT": publicCatalogueService.search) over a
 * generated catalogue of 2,500 procedures (the province's 2,212 and room to grow): names
 * composed from the words real procedure names use, 3–8 documents each, a field, a result,
 * each received by a few of the database's agencies. They are written with codes
 * `BENCH.nnnnnn` and deleted at the end (the catalogue stamp moves, as for any edit).
 * Timed: the index build (the first search after the catalogue changed: every procedure
 * read and indexed), then each query of a list a citizen would type (words with and without
 * accents, a misspelt word, a code, a partial code, a filter), the service's whole call: the
 * stamp check (one query) and the ranking. Targets: median < 20 ms and p95 < 50 ms per search;
 * build < 5 s.
 */
import { loadConfig } from '../../src/config.js';
import { publicCatalogueService } from '../../src/features/catalogue/public-catalogue.service.js';
import { measure } from '../lib/timing.js';
import { below, info, type Benchmark, type Figure } from '../lib/types.js';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../test/helpers/routes.js';

const ID = 'catalogue-search';
const COUNT = 2500;
const PREFIX = 'BENCH.';

const VERBS = ['Cấp', 'Cấp lại', 'Cấp đổi', 'Đăng ký', 'Đăng ký lại', 'Điều chỉnh', 'Gia hạn', 'Thu hồi', 'Xác nhận', 'Thẩm định', 'Phê duyệt', 'Công nhận', 'Chứng thực', 'Giải quyết', 'Thông báo'];
const OBJECTS = [
  'giấy phép xây dựng',
  'giấy chứng nhận quyền sử dụng đất',
  'giấy phép lao động',
  'giấy chứng nhận đăng ký hộ kinh doanh',
  'khai sinh',
  'kết hôn',
  'giấy phép kinh doanh rượu',
  'giấy phép khai thác khoáng sản',
  'chứng chỉ hành nghề',
  'giấy phép lái xe',
  'dự án đầu tư',
  'báo cáo đánh giá tác động môi trường',
  'hồ sơ người có công',
  'trợ cấp xã hội hàng tháng',
  'giấy phép hoạt động giáo dục',
  'cơ sở bán lẻ thuốc',
  'hợp tác xã',
  'nhãn hiệu hàng hóa',
  'phương án phòng cháy chữa cháy',
  'giấy phép sử dụng vật liệu nổ',
  'tàu cá',
  'giống cây trồng',
  'cơ sở giết mổ',
  'di tích lịch sử',
  'giấy phép biểu diễn nghệ thuật',
  'học bổng chính sách',
  'bảo hiểm thất nghiệp',
  'giấy phép tài nguyên nước',
];
const QUALIFIERS = ['', '', ' lần đầu', ' cho tổ chức', ' cho cá nhân', ' có yếu tố nước ngoài', ' tại cấp xã', ' tại cấp tỉnh', ' trong trường hợp bị mất', ' do thay đổi thông tin', ' đối với doanh nghiệp nhỏ'];
const FIELDS = ['Xây dựng', 'Đất đai', 'Việc làm', 'Hộ tịch', 'Môi trường', 'Y tế', 'Giáo dục', 'Văn hóa', 'Thủy sản', 'Nông nghiệp', 'Người có công', 'Bảo trợ xã hội', 'Công thương', 'Giao thông'];
const DOCUMENTS = ['Tờ khai theo mẫu', 'Đơn đề nghị', 'Bản sao giấy chứng nhận', 'Bản vẽ thiết kế', 'Hợp đồng thuê địa điểm', 'Giấy tờ chứng minh nhân thân', 'Báo cáo kết quả hoạt động', 'Giấy xác nhận của cơ quan có thẩm quyền', 'Biên bản kiểm tra', 'Văn bản ủy quyền'];

const QUERIES = ['khai sinh', 'dang ky ket hon', 'giấy phép xây dựng', 'giay phep xay dunh', 'cap lai giay phep lao dong', 'tham dinh bao cao danh gia tac dong moi truong', 'BENCH.001234', '1.0011', 'tro cap xa hoi hang thang cho ca nhan', 'ho kinh doanh'];


export const catalogueSearch: Benchmark = {
  id: ID,
  title: `Public catalogue search over ${COUNT.toLocaleString('en')} procedures`,
  async run(ctx) {
    const { db } = ctx;
    const pick = <T>(r: () => number, list: readonly T[]) => list[Math.floor(r() * list.length)]!;
    const r = seededRandom(42);
    const agencies = (await db('agencies').where({ active: true }).select('id')).map((a) => Number(a.id));
    const clean = async () => {
      const ids = db('procedures').where('code', 'like', `${PREFIX}%`).select('id');
      await db('procedure_documents').whereIn('procedure_id', ids).delete();
      await db('agency_procedures').whereIn('procedure_id', ids).delete();
      await db('procedures').where('code', 'like', `${PREFIX}%`).delete();
    };
    await clean();
    const figures: Figure[] = [];
    try {
      for (let start = 0; start < COUNT; start += 250) {
        await db.transaction(async (trx) => {
          const rows = Array.from({ length: Math.min(250, COUNT - start) }, (_, i) => {
            const n = start + i;
            const object = pick(r, OBJECTS);
            return {
              code: `${PREFIX}${String(n).padStart(6, '0')}`,
              name: `${pick(r, VERBS)} ${object}${pick(r, QUALIFIERS)}`,
              field: pick(r, FIELDS),
              processing_unit: 'working_days',
              processing_amount: 1 + Math.floor(r() * 30),
              processing_note: '',
              fee_vnd: Math.floor(r() * 10) * 50_000,
              fee_note: '',
              result: `Kết quả: ${object}`,
              active: true,
              online_level: pick(r, ['none', 'partial', 'full']),
            };
          });
          const inserted = (await trx('procedures').insert(rows).returning('id')).map((x: number | { id: number }) => (typeof x === 'object' ? x.id : x));
          const docs = inserted.flatMap((id) => Array.from({ length: 3 + Math.floor(r() * 6) }, (_, i) => ({ procedure_id: id, position: i + 1, name: `${pick(r, DOCUMENTS)} ${i + 1}`, originals: 1, certified_copies: 0, copies: Math.floor(r() * 2), required: true })));
          for (let i = 0; i < docs.length; i += 100) await trx('procedure_documents').insert(docs.slice(i, i + 100));
          const links = inserted.flatMap((id) => [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, agencies)))].map((agency_id) => ({ agency_id, procedure_id: id })));
          for (let i = 0; i < links.length; i += 200) await trx('agency_procedures').insert(links.slice(i, i + 200));
        });
      }
      const total = Number((await db('procedures').where({ active: true }).count({ n: '*' }).first())!.n);
      figures.push(info('catalogue.procedures', 'Procedures in the catalogue (generated + reference)', total));
      const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
      const service = publicCatalogueService({ db, config });
      const t0 = performance.now();
      await service.search({ q: 'khai sinh' });
      const build = performance.now() - t0;
      figures.push(below('catalogue.index_build_ms', 'Index build (first search after a change)', build, 'ms', 5000));
      const samples: number[] = [];
      const perQuery: Record<string, { medianMs: number; p95Ms: number; total: number }> = {};
      for (const q of QUERIES) {
        const total = (await service.search({ q })).page.total;
        const timing = await measure(() => service.search({ q }), { warmup: ctx.warmup, runs: ctx.runs });
        samples.push(...timing.samplesMs);
        perQuery[q] = { medianMs: timing.medianMs, p95Ms: timing.p95Ms, total };
        ctx.log(`  ${q}: median ${timing.medianMs.toFixed(2)} ms, p95 ${timing.p95Ms.toFixed(2)} ms (${total} found)`);
      }
      const filtered = await measure(() => service.search({ q: 'giay phep', field: 'Xây dựng', agencyId: agencies[0] ?? null, onlineOnly: true }), { warmup: ctx.warmup, runs: ctx.runs });
      samples.push(...filtered.samplesMs);
      const sorted = [...samples].sort((a, b) => a - b);
      const median = sorted[sorted.length >> 1]!;
      const p95 = sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
      figures.push(below('catalogue.search_median_ms', 'Search, all queries: median', median, 'ms', 20));
      figures.push(below('catalogue.search_p95_ms', 'Search, all queries: p95', p95, 'ms', 50));
      return { figures, details: { queries: perQuery, filtered: { medianMs: filtered.medianMs, p95Ms: filtered.p95Ms }, buildMs: build } };
    } finally {
      await clean();
    }
  },
};
