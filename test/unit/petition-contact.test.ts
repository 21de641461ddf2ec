/** Decree 20/2008 art. 7's contact: a phone, an e-mail, or the Zalo follower the petition came from. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasPetitionContact } from '../../src/domain/petitions.js';
import { PETITION_MESSAGES, petitionCrossErrors } from '../../src/features/petitions/petition-intake.schema.js';

test('a phone, an e-mail or a Zalo follower is a contact; blanks are not', () => {
  assert.equal(hasPetitionContact({ phone: '0903111222', email: null, zaloUserId: null }), true);
  assert.equal(hasPetitionContact({ phone: null, email: 'a@example.vn', zaloUserId: null }), true);
  assert.equal(hasPetitionContact({ phone: null, email: null, zaloUserId: '8409' }), true);
  assert.equal(hasPetitionContact({ phone: ' ', email: '', zaloUserId: null }), false);
  assert.equal(hasPetitionContact({ phone: null, email: null, zaloUserId: '' }), false);
});

test('the form asks for a phone or an e-mail unless it came through a live Zalo link', () => {
  const values = { dien_thoai: '', email: '', ma_ho_so: '', so_cuoi: '' };
  assert.deepEqual(petitionCrossErrors(values), { dien_thoai: PETITION_MESSAGES.contact });
  assert.deepEqual(petitionCrossErrors(values, { zaloContact: false }), { dien_thoai: PETITION_MESSAGES.contact });
  assert.deepEqual(petitionCrossErrors(values, { zaloContact: true }), {});
  assert.deepEqual(petitionCrossErrors({ ...values, dien_thoai: '0903111222' }, { zaloContact: true }), {});
});
