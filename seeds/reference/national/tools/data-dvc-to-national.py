#!/usr/bin/env python3
"""Convert one Data_DVC text export (a national-database procedure) to the national JSON shape.

usage: convert.py <commit> <file.txt>... > out.json
Facts are copied from the text; long step / condition texts are cut (marked "…");
anything the text does not give is left empty and listed in _missing.
"""
import json, re, sys, urllib.parse

REPO = 'hdtruong802/Vietnam-AI-Innovation-Challenge-2026'
ACCESSED = '2026-12-06'
KENH = {'DIRECT': '1', 'ONLINE': '2', 'POSTAL': '3'}
KENH_NAME = {'1': 'trực tiếp', '2': 'trực tuyến', '3': 'bưu chính'}
UNIT = {'WORKING_DAY': 'Ngày làm việc', 'ngày': 'Ngày', 'HOUR': 'Giờ'}
NONE = 'Không có thông tin'
STEP_MAX, STEPS_MAX, YC_MAX, DOC_MAX, FEE_MAX = 260, 10, 700, 400, 700


def cut(s, n):
    s = re.sub(r'\s+', ' ', s).strip()
    return s if len(s) <= n else s[: n - 1].rstrip(' ,;:.') + ' …'


def split_top(s):
    """Split "a, b (c, d), e" on commas outside parentheses."""
    out, depth, cur = [], 0, ''
    for ch in s:
        depth += ch == '('
        depth -= ch == ')'
        if ch == ',' and depth == 0:
            out.append(cur.strip()); cur = ''
        else:
            cur += ch
    out.append(cur.strip())
    merged = []
    for x in out:
        if merged and x and x[0].islower():
            merged[-1] += ', ' + x
        elif x:
            merged.append(x)
    return merged


def sections(text):
    """Top-level "Key: value" lines; indented lines belong to the previous key."""
    secs, key = {}, None
    for line in text.split('\n'):
        m = re.match(r'^([^\s][^:]{1,60}):\s?(.*)$', line)
        if m and not line.startswith(' ') and m.group(1) in KEYS:
            key = m.group(1); secs[key] = [m.group(2)] if m.group(2) else []
        elif key is not None:
            secs[key].append(line)
    return secs


KEYS = {'Mã thủ tục', 'Số quyết định', 'Tên thủ tục', 'Cấp thực hiện', 'Loại thủ tục', 'Lĩnh vực',
        'Trình tự thực hiện', 'Cách thức thực hiện', 'Thành phần hồ sơ', 'Đối tượng thực hiện',
        'Cơ quan thực hiện', 'Cơ quan có thẩm quyền', 'Địa chỉ tiếp nhận HS', 'Cơ quan được ủy quyền',
        'Cơ quan phối hợp', 'Kết quả thực hiện', 'Căn cứ pháp lý', 'Yêu cầu, điều kiện thực hiện',
        'Từ khóa', 'Mô tả'}


def one(secs, k):
    v = ' '.join(x.strip() for x in secs.get(k, []) if x.strip())
    return '' if v == NONE else v


def steps(lines):
    out = []
    for raw in lines:
        s = raw.strip()
        if not s:
            continue
        if re.match(r'^(-|\*|Bước\s*\d|\(?[ivx]+\)|\d+[.)])\s*', s) or not out:
            out.append(s)
        else:
            out[-1] += ' ' + s
    cleaned = []
    for s in out:
        s = re.sub(r'^[-+*]\s*', '', s)
        if s.startswith('* Lưu ý'):
            s = 'Lưu ý:'
        cleaned.append(s)
    # merge a bare "Lưu ý:" with what follows it
    merged = []
    for s in cleaned:
        if merged and merged[-1] == 'Lưu ý:':
            merged[-1] = 'Lưu ý: ' + s
        else:
            merged.append(s)
    return merged


def channels(lines, missing):
    blocks, cur = [], None
    for raw in lines:
        s = raw.strip()
        m = re.match(r'^\* Hình thức nộp:\s*(\S+)', s)
        if m:
            cur = {'kenh': m.group(1), 'time': '', 'fee': None, 'desc': ''}; blocks.append(cur); continue
        if cur is None or not s:
            continue
        if s.startswith('Thời hạn giải quyết:'):
            cur['time'] = s.split(':', 1)[1].strip()
        elif s.startswith('Phí, lệ phí:'):
            cur['fee'] = s.split(':', 1)[1].strip()
        elif s.startswith('Mô tả:'):
            cur['desc'] = s.split(':', 1)[1].strip()
        else:
            cur['desc'] += ' ' + s
    out = {}
    for b in blocks:
        k = KENH.get(b['kenh'])
        if not k:
            missing.append(f'KENH (nguồn ghi "{b["kenh"]}")'); continue
        desc_is_fee = bool(re.search(r'đồng|USD|lệ phí|\bphí\b', b['desc'], re.I)) and b['fee'] is not None
        t = {'THOIGIANGIAIQUYET': '', 'DONVITINH': '', 'MOTA': '' if desc_is_fee else cut(b['desc'], 600), 'PHILEPHI': []}
        m = re.match(r'^(\d+(?:[.,]\d+)?)\s+(WORKING_DAY|HOUR|ngày)$', b['time'])
        if m:
            t['THOIGIANGIAIQUYET'] = m.group(1).replace(',', '.'); t['DONVITINH'] = UNIT[m.group(2)]
        else:
            raw = b['time']
            shown = re.sub(r'\s*OTHER$', '', raw).strip()
            if re.fullmatch(r'\d+', shown):
                t['THOIGIANGIAIQUYET'] = shown
                note = f'Cơ sở dữ liệu ghi thời hạn "{shown}" với đơn vị "khác" (OTHER), không nói là ngày làm việc, ngày hay giờ'
                missing.append(f'DONVITINH (KENH {k}: nguồn ghi "{raw}")')
            else:
                note = f'Cơ sở dữ liệu ghi thời hạn "{shown}" (đơn vị "khác", OTHER)' if shown else 'Cơ sở dữ liệu không ghi thời hạn (chỉ có đơn vị "khác", OTHER)'
                missing.append(f'THOIGIANGIAIQUYET (KENH {k}: nguồn ghi "{raw}")')
            t['MOTA'] = (note + ('. ' + t['MOTA'] if t['MOTA'] else '')).strip()
        if b['fee'] is not None and b['fee'].strip() == NONE:
            missing.append(f'PHILEPHI (KENH {k}: nguồn ghi "Không có thông tin")')
            b['fee'] = None
            desc_is_fee = False
            if not t['MOTA'] and b['desc']:
                t['MOTA'] = cut(b['desc'], 600)
        elif b['fee'] is not None:
            parts = re.split(r'\s\|\s(?=\d+\s*VNĐ)', b['fee'])
            for part in parts:
                fm = re.match(r'^(\d+)\s*VNĐ\s*\((.*)\)\s*$', part.strip(), re.S)
                if not fm:
                    t['PHILEPHI'].append({'MAPHILEPHI': '', 'SOTIEN': '', 'DONVI': '', 'MOTA': cut(part, FEE_MAX)})
                    missing.append(f'SOTIEN (KENH {k}: nguồn ghi "{cut(part, 80)}")')
                    continue
                amount, desc = fm.group(1), fm.group(2).strip()
                desc = re.sub(r'^\((.*)\)$', r'\1', desc).strip()
                donvi = 'Đồng'
                if re.search(r'\b' + amount + r'\s*USD', b['desc'] + ' ' + desc):
                    donvi = 'USD'
                if desc_is_fee and len(parts) == 1:
                    desc = (desc + '. ' if desc and not desc.startswith('/') else ('Mức thu ' + amount + ' ' + ('USD' if donvi == 'USD' else 'đồng') + desc + '. ' if desc and not b['desc'].strip() else '')) + b['desc'].strip()
                t['PHILEPHI'].append({'MAPHILEPHI': '', 'SOTIEN': amount, 'DONVI': donvi, 'MOTA': cut(desc, FEE_MAX)})
            if desc_is_fee and len(parts) > 1 and b['desc'].strip():
                t['MOTA'] = cut(b['desc'], 600)
        elif not any(m.startswith(f'PHILEPHI (KENH {k}') for m in missing):
            missing.append(f'PHILEPHI (KENH {k})')
        out.setdefault(k, []).append(t)
    res = [{'KENH': k, 'THOIGIAN': out[k]} for k in sorted(out)]
    for k in ('1', '2', '3'):
        if k not in out:
            missing.append(f'KENH {k} (nguồn không nêu nộp {KENH_NAME[k]})')
    return res


def documents(lines, missing):
    groups, cur, doc = [], None, None
    for raw in lines:
        s = raw.rstrip()
        m = re.match(r'^\s*\[\s*(.*?)\s*\]\s*$', s)
        if m:
            cur = {'TRUONGHOP': m.group(1).strip(' *:').strip(), 'GIAYTO': []}; groups.append(cur); doc = None; continue
        m = re.match(r'^\s{4}- (.*)$', s)
        if m and cur is None:
            cur = {'TRUONGHOP': '', 'GIAYTO': []}; groups.append(cur)
        if m:
            name = re.sub(r'^[-+]\s*', '', m.group(1).strip())
            doc = {'MAGIAYTO': None, 'TENGIAYTO': name, 'SOBANCHINH': '', 'SOBANSAO': '', 'TENMAUDON': None, 'URL': None}
            cur['GIAYTO'].append(doc); continue
        m = re.match(r'^\s*Số lượng: Bản chính: (\d+), Bản sao: (\d+)', s)
        if m and doc is not None:
            doc['SOBANCHINH'], doc['SOBANSAO'] = m.group(1), m.group(2); continue
        if s.strip() and doc is not None:
            doc['TENGIAYTO'] += ' ' + s.strip()
    kept, dropped = [], 0
    for g in groups:
        if re.search(r'lưu ý', g['TRUONGHOP'], re.I):
            dropped += len(g['GIAYTO']); continue
        notes = [d for d in g['GIAYTO'] if re.match(r'^\*?\s*Lưu ý', d['TENGIAYTO'])]
        dropped += len(notes)
        g['GIAYTO'] = [d for d in g['GIAYTO'] if d not in notes]
        nums = [re.match(r'^\((\d+)\)', d['TENGIAYTO']) for d in g['GIAYTO']]
        if g['GIAYTO'] and all(nums):
            g['GIAYTO'].sort(key=lambda d: int(re.match(r'^\((\d+)\)', d['TENGIAYTO']).group(1)))
        for d in g['GIAYTO']:
            fm = re.search(r'\b(Mẫu (?:số )?[A-Z0-9][A-Za-z0-9./_-]*[A-Za-z0-9])', d['TENGIAYTO'])
            if fm:
                d['TENMAUDON'] = fm.group(1)
        if not g['GIAYTO']:
            continue
        for d in g['GIAYTO']:
            if len(d['TENGIAYTO']) > DOC_MAX:
                d['TENGIAYTO'] = cut(d['TENGIAYTO'], DOC_MAX)
        kept.append(g)
    if not kept:
        missing.append('THANHPHANHOSO')
    return kept, dropped


def laws(lines):
    items = []
    for raw in lines:
        s = raw.strip()
        if not s:
            continue
        if raw.startswith('  * '):
            items.append(s[2:])
        elif items:
            items[-1] += ' ' + s
    out = []
    for it in items:
        it = re.sub(r'\s+', ' ', it)
        m = re.match(r'^(.*)\(([^()]*)\)\s*$', it)
        if m and re.search(r'\d', m.group(2)):
            so, ten = m.group(2).strip(), m.group(1).strip() or m.group(2).strip()
        else:
            so, ten = '', it
        out.append({'SOVANBAN': so, 'TENVANBAN': cut(ten, 400)})
    return out


def convert(commit, path):
    text = open(path, encoding='utf-8').read()
    secs = sections(text)
    missing = []
    code = one(secs, 'Mã thủ tục')
    name = re.sub(r'^Thủ tục\s+', 'Thủ tục ', one(secs, 'Tên thủ tục'))
    level = one(secs, 'Cấp thực hiện')
    if not level:
        missing.append('CAPTHUCHIEN')
    st = steps(secs.get('Trình tự thực hiện', []))
    if not st:
        missing.append('TRINHTUTHUCHIEN')
    elif len(st) > STEPS_MAX:
        st = st[:STEPS_MAX] + ['(các bước sau được lược bỏ; xem nguồn)']
    cach = channels(secs.get('Cách thức thực hiện', []), missing)
    docs, dropped = documents(secs.get('Thành phần hồ sơ', []), missing)
    yc = one(secs, 'Yêu cầu, điều kiện thực hiện')
    if not yc:
        missing.append('YEUCAU')
    dt = one(secs, 'Đối tượng thực hiện')
    cq = one(secs, 'Cơ quan thực hiện')
    if not cq:
        missing.append('COQUANTHUCHIEN (nguồn: "Không có thông tin")')
    kq = one(secs, 'Kết quả thực hiện')
    if not kq:
        missing.append('KETQUATHUCHIEN')
    lw = laws(secs.get('Căn cứ pháp lý', []))
    if not lw:
        missing.append('CANCUPHAPLY')
    qd = one(secs, 'Số quyết định')
    fname = path.rsplit('/', 1)[-1]
    url = f'https://github.com/{REPO}/blob/{commit}/data/Data_DVC/{urllib.parse.quote(fname)}'
    rec = {
        'MATTHC': code,
        'TENTTHC': name,
        'MACOQUANCONGBO': None,
        'LINHVUCTHUCHIEN': [{'MALINHVUC': None, 'TENLINHVUC': one(secs, 'Lĩnh vực')}],
        'CAPTHUCHIEN': level,
        'TRINHTUTHUCHIEN': [{'TRUONGHOP': '', 'TRINHTU': [{'TENTRINHTU': cut(s, STEP_MAX)} for s in st]}] if st else [],
        'CACHTHUCTHUCHIEN': cach,
        'YEUCAU': cut(yc, YC_MAX),
        'DOITUONGTHUCHIEN': [{'TENDOITUONG': x} for x in split_top(dt)] if dt else [],
        'KETQUATHUCHIEN': [{'MAKETQUA': None, 'TENKETQUA': kq}] if kq else [],
        'CANCUPHAPLY': lw,
        'COQUANTHUCHIEN': [{'MADONVI': None, 'TENDONVI': x} for x in split_top(cq)] if cq else [],
        'THANHPHANHOSO': docs,
        '_source': [{
            'url': url,
            'title': f'{name} — Quyết định công bố {qd}' if qd else name,
            'publisher': 'Cơ sở dữ liệu quốc gia về thủ tục hành chính (bản xuất văn bản "Chi tiết thủ tục hành chính", bộ dữ liệu Data_DVC), bản sao trong kho GitHub ' + REPO,
            'accessed': ACCESSED,
        }],
        '_missing': ['MACOQUANCONGBO', 'MALINHVUC', 'MADONVI', 'MAKETQUA', 'MAGIAYTO', 'URL biểu mẫu', 'TENMAUDON',
                     'MAPHILEPHI (nguồn gộp "Phí, lệ phí", không tách phí/lệ phí)'] + missing,
    }
    if any(d['TENMAUDON'] for g in docs for d in g['GIAYTO']):
        rec['_missing'] = [m if m != 'TENMAUDON' else 'TENMAUDON (trừ các giấy tờ mà nguồn nêu số mẫu trong tên)' for m in rec['_missing']]
    rec['_missing'] = list(dict.fromkeys(rec['_missing']))
    if dropped:
        rec['_missing'].append(f'(ghi chú) {dropped} mục "Lưu ý" trong thành phần hồ sơ của nguồn là lời dặn, không phải giấy tờ: không chép')
    if not any(t['PHILEPHI'] for c in cach for t in c['THOIGIAN']):
        rec['_missing'] = [m for m in rec['_missing'] if not m.startswith('MAPHILEPHI')]
    return rec


if __name__ == '__main__':
    commit = sys.argv[1]
    print(json.dumps([convert(commit, p) for p in sys.argv[2:]], ensure_ascii=False, indent=1))
