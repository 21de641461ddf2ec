/**
 * The upload kit (src/web/upload.ts) over real HTTP, behind the real CSRF check: a forged form
 * stores nothing, files land in the store by hash with their fields beside them, and every
 * refusal (wrong kind whatever the name, too many, too much, a path in the name, an upload cut
 * half-way) leaves nothing this request wrote; bytes another form stored before are kept.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import cookieParser from 'cookie-parser';
import express from 'express';
import request from 'supertest';
import { fileStore, FILE_MESSAGES, type FileStore } from '../../src/platform/files/file-store.js';
import { csrfProtection } from '../../src/web/csrf.js';
import { HttpError } from '../../src/web/errors.js';
import { uploadPathMatcher } from '../../src/web/paths.js';
import { receiveUpload, UPLOAD_MESSAGES, type UploadResult } from '../../src/web/upload.js';

const MB = 1024 * 1024;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('multipart uploads', () => {
  let dir: string;
  let store: FileStore;
  let app: express.Express;
  let png: Buffer;
  let last: UploadResult | null = null;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-upload-'));
    store = fileStore({ dir, maxFileBytes: 2 * MB, image: { maxSide: 2000, jpegQuality: 80, maxInputPixels: 50_000_000 } });
    const sharp = (await import('sharp')).default;
    png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 10, b: 10 } } }).png().toBuffer();
    app = express();
    app.use(cookieParser());
    app.use(express.urlencoded({ extended: false }));
    app.use(csrfProtection({ secure: false, secret: () => Promise.resolve('x'.repeat(40)), uploadPath: uploadPathMatcher(['/tep/:id']) }));
    app.get('/form', (_req, res) => {
      res.send(String(res.locals.csrfToken));
    });
    app.post('/tep/:id', async (req, res, next) => {
      try {
        last = await receiveUpload(req, store, { maxFiles: 3, maxTotalBytes: 3 * MB });
        res.status(last.ok ? 200 : 400).json(last.ok ? { fields: last.fields, files: last.files } : { field: last.field, message: last.message });
      } catch (err) {
        next(err);
      }
    });
    app.post('/khac', (_req, res) => {
      res.send('ok');
    });
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(err instanceof HttpError ? err.status : 500).send(err instanceof Error ? err.message : 'error');
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function visitor() {
    const agent = request.agent(app);
    const token = (await agent.get('/form')).text;
    return { agent, token };
  }

  test('a form with a photo, a PDF and an empty file input: both files stored by hash, the fields as the form kit reads them', async () => {
    const { agent, token } = await visitor();
    const res = await agent
      .post('/tep/7')
      .field('_csrf', token)
      .field('ho_ten', 'Nguyễn Văn An')
      .field('giay_to', '1')
      .field('giay_to', '2')
      .attach('tep_1', png, { filename: '../../etc/ảnh chụp.png', contentType: 'application/pdf' })
      .attach('tep_2', PDF, { filename: 'don.pdf', contentType: 'application/pdf' })
      .attach('tep_3', Buffer.alloc(0), { filename: '' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.fields, { ho_ten: 'Nguyễn Văn An', giay_to: ['1', '2'] });
    assert.deepEqual(
      res.body.files.map((f: { field: string; name: string; kind: string }) => [f.field, f.name, f.kind]),
      [
        ['tep_1', 'ảnh chụp.png', 'png'],
        ['tep_2', 'don.pdf', 'pdf'],
      ],
    );
    for (const f of res.body.files as Array<{ sha256: string }>) assert.ok(await store.verify(f.sha256));
    assert.ok(fs.readFileSync(store.path(res.body.files[1].sha256)).equals(PDF), 'a PDF is kept byte for byte');
  });

  test('a forged form (no token, or a token that is not the first field) stores nothing: 403', async () => {
    const before = filesUnder(dir).length;
    const { agent, token } = await visitor();
    const noToken = await agent.post('/tep/1').attach('tep', PDF, { filename: 'a.pdf' });
    assert.equal(noToken.status, 403);
    const late = await agent.post('/tep/1').attach('tep', Buffer.concat([PDF, Buffer.from('x')]), { filename: 'a.pdf' }).field('_csrf', token);
    assert.equal(late.status, 403);
    const wrong = await agent.post('/tep/1').field('_csrf', 'sai').attach('tep', Buffer.concat([PDF, Buffer.from('y')]), { filename: 'a.pdf' });
    assert.equal(wrong.status, 403);
    assert.equal(filesUnder(dir).length, before);
  });

  test('a multipart POST to a path that takes no files is refused by the CSRF check as any form without its token', async () => {
    const { agent, token } = await visitor();
    const res = await agent.post('/khac').field('_csrf', token).attach('tep', PDF, { filename: 'a.pdf' });
    assert.equal(res.status, 403);
  });

  test('an HTML page named .jpg after a good PDF: refused with the input at fault, and the PDF this request wrote is gone', async () => {
    const { agent, token } = await visitor();
    const before = filesUnder(dir);
    const fresh = Buffer.concat([PDF, Buffer.from('% fresh\n')]);
    const res = await agent
      .post('/tep/2')
      .field('_csrf', token)
      .attach('tep_1', fresh, { filename: 'don.pdf' })
      .attach('tep_2', Buffer.from('<html><script>alert(1)</script></html>'), { filename: 'anh.jpg', contentType: 'image/jpeg' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { field: 'tep_2', message: FILE_MESSAGES.wrongKind });
    assert.deepEqual(filesUnder(dir), before);
  });

  test('bytes another form stored before survive a refusal of a form that carries them again', async () => {
    const { agent, token } = await visitor();
    const first = await agent.post('/tep/3').field('_csrf', token).attach('tep_1', PDF, { filename: 'don.pdf' });
    assert.equal(first.status, 200);
    const again = await agent
      .post('/tep/3')
      .field('_csrf', token)
      .attach('tep_1', PDF, { filename: 'lai.pdf' })
      .attach('tep_2', Buffer.from('MZ not a document'), { filename: 'x.pdf' });
    assert.equal(again.status, 400);
    assert.ok(await store.verify(first.body.files[0].sha256), 'the earlier form keeps its file');
  });

  test('four files where three are allowed, and more stored bytes than a form may carry: refused, nothing kept', async () => {
    const { agent, token } = await visitor();
    const before = filesUnder(dir);
    const pdfs = [1, 2, 3, 4].map((i) => Buffer.concat([PDF, Buffer.from(`% ${i}\n`)]));
    let req = agent.post('/tep/4').field('_csrf', token);
    pdfs.forEach((p, i) => (req = req.attach(`tep_${i}`, p, { filename: `${i}.pdf` })));
    const many = await req;
    assert.equal(many.status, 400);
    assert.equal(many.body.message, UPLOAD_MESSAGES.tooMany(3));

    const big = (n: number) => Buffer.concat([PDF, Buffer.alloc(1.5 * MB - PDF.length, n)]);
    const much = await agent.post('/tep/4').field('_csrf', token).attach('a', big(1), { filename: 'a.pdf' }).attach('b', big(2), { filename: 'b.pdf' }).attach('c', big(3), { filename: 'c.pdf' });
    assert.equal(much.status, 400);
    assert.equal(much.body.message, UPLOAD_MESSAGES.tooMuch(3));
    assert.deepEqual(filesUnder(dir), before);
  });

  test('a file over the store’s limit in a form: answered 400 with the store’s message, not left hanging; nothing kept', async () => {
    const { agent, token } = await visitor();
    const before = filesUnder(dir);
    // 5 MB in a 2 MB store: the store cuts it; the parser must still read the rest and the form be answered.
    const over = await agent
      .post('/tep/6')
      .timeout(10_000)
      .field('_csrf', token)
      .field('ho_ten', 'An')
      .attach('tep', Buffer.concat([PDF, Buffer.alloc(5 * MB, 0x20)]), { filename: 'lon.pdf' })
      .attach('tep_2', PDF, { filename: 'nho.pdf' });
    assert.equal(over.status, 400);
    assert.deepEqual(over.body, { field: 'tep', message: FILE_MESSAGES.tooLarge(2) });
    assert.deepEqual(filesUnder(dir), before);
  });

  test('an upload cut half-way leaves no file and no temporary file behind', async () => {
    const page = await request(app).get('/form');
    const token = page.text;
    const cookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    last = null;
    const before = filesUnder(dir);
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const boundary = 'ranh-gioi';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="tep"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      );
      await new Promise<void>((resolve) => {
        const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/tep/5', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + 1 * MB + 100), cookie } });
        req.on('error', () => resolve());
        req.write(head);
        req.write(Buffer.concat([PDF, Buffer.alloc(256 * 1024, 1)]), () => {
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 100);
        });
      });
      // The server sees the connection close, refuses the file and removes what it wrote.
      const settled = () => (last as UploadResult | null)?.ok === false && filesUnder(dir).length === before.length;
      for (let i = 0; i < 50 && !settled(); i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal((last as UploadResult | null)?.ok, false, 'the cut form is refused');
      assert.deepEqual(filesUnder(dir), before);
    } finally {
      server.close();
    }
  });
});

describe('the files job', () => {
  test('removes stored files no row references once a day old, keeps referenced and fresh ones, sweeps old temporary files', async () => {
    const { createTestDb } = await import('../helpers/db.js');
    const { filesJob } = await import('../../src/platform/files/files.jobs.js');
    const testDb = await createTestDb({ reference: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-files-job-'));
    try {
      const store = fileStore({ dir, maxFileBytes: MB, image: { maxSide: 2000, jpegQuality: 80, maxInputPixels: 50_000_000 } });
      const put = async (n: number) => {
        const r = await store.put(Readable.from([Buffer.concat([PDF, Buffer.from(`% ${n}\n`)])]));
        assert.ok(r.ok);
        return r.value.sha256;
      };
      const [kept, orphan, fresh] = [await put(1), await put(2), await put(3)];
      await testDb.db.schema.createTable('giay_to_thu', (t) => t.string('tep_sha256', 64));
      await testDb.db('giay_to_thu').insert([{ tep_sha256: kept }, { tep_sha256: null }]);
      const old = new Date(Date.now() - 25 * 3600_000);
      for (const h of [kept, orphan]) fs.utimesSync(store.path(h), old, old);
      fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'tmp', 'crash.part'), 'x');
      fs.utimesSync(path.join(dir, 'tmp', 'crash.part'), old, old);

      const counts = await filesJob.run({ now: new Date() }, { deps: { db: testDb.db }, files: store, fileReferences: [{ table: 'giay_to_thu', column: 'tep_sha256' }] });
      assert.deepEqual(counts, { temp_files_removed: 1, orphan_files_removed: 1 });
      assert.ok(await store.exists(kept));
      assert.ok(await store.exists(fresh), 'an unreferenced file under a day old may belong to a form being saved');
      assert.equal(await store.exists(orphan), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await testDb.cleanup();
    }
  });
});
