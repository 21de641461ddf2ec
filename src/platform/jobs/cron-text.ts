/**
 * A job's cron schedule in words for the jobs page ("15 phút một lần, trong các giờ từ 7
 * đến 17, từ thứ Hai đến thứ Bảy"). Covers the shapes the schedules use (every minute,
 * every n minutes, a fixed time, hour ranges, weekday ranges and lists); anything else
 * gives null and the page shows the expression alone.
 */
const DAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
const NUM = /^\d{1,2}$/;
const pad = (v: string) => v.padStart(2, '0');

function days(dow: string): string | null {
  if (dow === '*') return '';
  const range = /^([0-7])-([0-7])$/.exec(dow);
  if (range) return `từ ${DAYS[Number(range[1])]} đến ${DAYS[Number(range[2])]}`;
  if (/^[0-7](,[0-7])*$/.test(dow)) return `vào ${dow.split(',').map((d) => DAYS[Number(d)]).join(', ')}`;
  return null;
}

export function describeCron(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [min, hour, dom, mon, dow] = fields as [string, string, string, string, string];
  if (dom !== '*' || mon !== '*') return null;
  const on = days(dow);
  if (on === null) return null;
  const parts: string[] = [];
  if (NUM.test(min) && NUM.test(hour)) {
    if (Number(min) > 59 || Number(hour) > 23) return null;
    parts.push(`${on ? 'lúc' : 'hằng ngày lúc'} ${pad(hour)}:${pad(min)}`);
  } else {
    const step = /^\*\/(\d{1,2})$/.exec(min);
    if (min === '*') parts.push('mỗi phút');
    else if (step) parts.push(`${step[1]} phút một lần`);
    else if (NUM.test(min)) parts.push(`mỗi giờ vào phút thứ ${Number(min)}`);
    else return null;
    const hours = /^(\d{1,2})-(\d{1,2})$/.exec(hour);
    if (hours) parts.push(`trong các giờ từ ${Number(hours[1])} đến ${Number(hours[2])}`);
    else if (NUM.test(hour)) parts.push(`trong giờ ${Number(hour)}`);
    else if (hour !== '*') return null;
  }
  if (on) parts.push(on);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
