/**
 * npm run user:create -- <username> <role> <agency eid> "<full name>"
 * Creates a staff account (e.g. the first administrator of a production database).
 * The password is read from the NEW_PASSWORD environment variable, never from argv.
 */
import { loadConfig } from '../config.js';
import { createDb } from '../db/knex.js';
import { ROLES, type Role } from '../domain/roles.js';
import { cleanText } from '../domain/text.js';
import { hashPassword } from '../features/auth/password.js';

const [username, role, eid, fullName] = process.argv.slice(2);
const password = process.env.NEW_PASSWORD ?? '';
function fail(message: string): never {
  console.error(message);
  console.error('Usage: NEW_PASSWORD=… npm run user:create -- <username> <clerk|officer|supervisor|admin> <agency eid> "<full name>"');
  process.exit(2);
}
if (!username || !/^[a-z0-9._-]{3,60}$/.test(username)) fail('username: 3–60 characters of a-z 0-9 . _ -');
if (!role || !ROLES.includes(role as Role)) fail(`role: one of ${ROLES.join(', ')}`);
if (!eid) fail('agency eid is required');
if (!fullName || !cleanText(fullName)) fail('full name is required');
if (password.length < 10) fail('NEW_PASSWORD must be at least 10 characters');

const db = createDb(loadConfig().database.url);
try {
  const agency = await db('agencies').where({ eid }).first('id');
  if (!agency) fail(`no agency with electronic ID ${eid}`);
  if (await db('users').where({ username }).first('id')) fail(`user ${username} already exists`);
  await db('users').insert({ username, full_name: cleanText(fullName), password_hash: await hashPassword(password), role, agency_id: agency.id, active: true, created_at: new Date() });
  console.log(`Created ${role} ${username}.`);
} finally {
  await db.destroy();
}
