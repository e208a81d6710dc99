/**
 * `npm run token -- <userId> [name]`: prints a token for `npm start`'s apps, signed with
 * JWT_SECRET or the checkout's development secret (.eshop/dev-jwt-secret), valid 12 hours.
 */
import { join } from 'node:path';
import { signToken } from '@eshop/auth';
import { devJwtSecret } from './launcher.config';

const [userId, name] = process.argv.slice(2);
if (!userId) {
  process.stderr.write('usage: npm run token -- <userId> [name]\n');
  process.exit(2);
}
const secret = devJwtSecret(join(__dirname, '..', '..'));
process.stdout.write(`${signToken({ id: userId, name: name ?? userId }, secret, { expiresInSeconds: 12 * 3600 })}\n`);
