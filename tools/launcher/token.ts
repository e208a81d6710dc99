/**
 * `npm run token -- <userId> [name]`: prints a dev token signed with JWT_SECRET (or the
 * launcher's development secret), valid for 12 hours.
 */
import { signToken } from '@eshop/auth';
import { DEV_JWT_SECRET } from './launcher.config';

const [userId, name] = process.argv.slice(2);
if (!userId) {
  process.stderr.write('usage: npm run token -- <userId> [name]\n');
  process.exit(2);
}
const secret = process.env['JWT_SECRET'] ?? DEV_JWT_SECRET;
process.stdout.write(`${signToken({ id: userId, name: name ?? userId }, secret, { expiresInSeconds: 12 * 3600 })}\n`);
