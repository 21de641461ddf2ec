/**
 * Biên bản giao nhận (Decision 45/2016/QĐ-TTg): the record the postal worker and the clerk
 * sign when dossiers arrive by post (art. 7(3)–(4): the dossiers count as lodged at that
 * signature) or results leave by post (art. 9(2): each dossier with its documents). One
 * record per batch; both signature blocks. Printed before signing (the time left blank for
 * the pen) and again after (the time and the dossier codes filled in).
 */
import { BATCH_TITLES, type BatchDirection } from '../domain/post.js';
import { formatClockVn, formatOfficialDate } from '../domain/time.js';
import { drawTable, formTitle, labelled, paragraph, signatureBlock, type ColumnSpec } from './blocks.js';
import { createDocument, drawHeader, toBuffer } from './document.js';

export interface HandoverEntry {
  /** The dossier code; null for an inbound entry before signing (the code is given at receipt). */
  code: string | null;
  applicantName: string;
  /** Address and phone (outbound: where the result goes). */
  contact: string;
  procedureName: string;
  /** The documents handed over, one per line. */
  documents: readonly string[];
  waybill: string | null;
  codVnd: number;
}

export interface HandoverData {
  direction: BatchDirection;
  /** Printed "Số: <number>". */
  number: string;
  governingBody: string;
  unitName: string;
  placeName: string;
  unitAddress: string;
  /** The date on the header: the signing, or the record's opening while unsigned. */
  date: Date;
  /** Null while unsigned: the time is left to be written by hand. */
  signedAt: Date | null;
  worker: { name: string; phone: string | null; unit: string };
  clerkName: string;
  entries: readonly HandoverEntry[];
}

export const HANDOVER_SUFFIX = 'BBGN';

const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đồng`;

export async function renderHandover(d: HandoverData): Promise<Buffer> {
  const doc = createDocument(`Biên bản giao nhận ${d.number}`);
  const y = drawHeader(doc, { governingBody: d.governingBody, unitName: d.unitName, number: `${d.number}/${HANDOVER_SUFFIX}`, placeName: d.placeName, date: d.date });
  formTitle(doc, y, BATCH_TITLES[d.direction]);

  const when = d.signedAt ? `Hôm nay, vào hồi ${formatClockVn(d.signedAt)}, ${formatOfficialDate(d.signedAt)}` : 'Hôm nay, vào hồi …… giờ …… phút, ngày …… tháng …… năm ……';
  paragraph(doc, `${when}, tại ${d.unitName}${d.unitAddress ? ` (${d.unitAddress})` : ''}, chúng tôi gồm:`, { align: 'justify' });
  const postal = () => {
    labelled(doc, 'Ông/Bà: ', d.worker.name);
    labelled(doc, 'Nhân viên bưu chính thuộc: ', d.worker.unit);
    if (d.worker.phone) labelled(doc, 'Điện thoại: ', d.worker.phone);
  };
  const office = () => {
    labelled(doc, 'Ông/Bà: ', d.clerkName);
    labelled(doc, 'Cán bộ tiếp nhận, trả kết quả thuộc: ', d.unitName);
  };
  doc.moveDown(0.3);
  labelled(doc, '1. Bên giao: ', d.direction === 'inbound' ? 'Nhân viên bưu chính' : 'Bộ phận Một cửa');
  (d.direction === 'inbound' ? postal : office)();
  doc.moveDown(0.3);
  labelled(doc, '2. Bên nhận: ', d.direction === 'inbound' ? 'Bộ phận Một cửa' : 'Nhân viên bưu chính');
  (d.direction === 'inbound' ? office : postal)();
  doc.moveDown(0.3);
  paragraph(
    doc,
    d.direction === 'inbound'
      ? `Hai bên thống nhất giao nhận ${d.entries.length} hồ sơ thủ tục hành chính gửi qua dịch vụ bưu chính công ích như sau (thời điểm ký biên bản này là thời điểm tiếp nhận hồ sơ):`
      : `Hai bên thống nhất giao nhận kết quả giải quyết của ${d.entries.length} hồ sơ thủ tục hành chính để chuyển phát qua dịch vụ bưu chính công ích, kèm các giấy tờ như sau:`,
    { align: 'justify' },
  );
  doc.moveDown(0.3);

  const columns: ColumnSpec[] = [
    { title: 'TT', width: 26, align: 'center' },
    { title: 'Mã hồ sơ', width: 134 },
    { title: d.direction === 'inbound' ? 'Người nộp, thủ tục' : 'Người nhận, địa chỉ', width: 120 },
    { title: d.direction === 'inbound' ? 'Thành phần hồ sơ' : 'Kết quả và giấy tờ kèm theo', width: 125 },
    { title: 'Số hiệu bưu gửi, tiền thu hộ', width: 80 },
  ];
  const rows = d.entries.map((e, i) => [
    String(i + 1),
    e.code ?? '(cấp khi ký)',
    [
      { text: e.applicantName, font: 'bold' as const },
      { text: d.direction === 'inbound' ? e.procedureName : e.contact },
    ],
    e.documents.map((line) => ({ text: `- ${line}` })),
    [{ text: e.waybill ?? '' }, ...(e.codVnd > 0 ? [{ text: 'Thu hộ:' }, { text: vnd(e.codVnd) }] : [])],
  ]);
  drawTable(doc, columns, rows, { fontSize: 10 });
  doc.moveDown(0.5);
  paragraph(doc, 'Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản./.', { align: 'justify' });
  doc.moveDown(0.6);
  const worker = { title: d.direction === 'inbound' ? 'NGƯỜI GIAO\n(Nhân viên bưu chính)' : 'NGƯỜI NHẬN\n(Nhân viên bưu chính)', name: d.worker.name };
  const clerk = { title: d.direction === 'inbound' ? 'NGƯỜI NHẬN\n(Cán bộ Bộ phận Một cửa)' : 'NGƯỜI GIAO\n(Cán bộ Bộ phận Một cửa)', name: d.clerkName };
  if (d.direction === 'inbound') signatureBlock(doc, worker, clerk);
  else signatureBlock(doc, clerk, worker);
  return toBuffer(doc);
}
