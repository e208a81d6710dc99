import {
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import type { Buyer } from '../lib/buyer';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.tokens';

/** Marks a route (or controller) as readable without a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Staff actions: the token must carry every role named (403 otherwise). */
export const Roles = (...roles: string[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The buyer of the validated token. Never take the buyer from a path or body. */
export const CurrentBuyer = createParamDecorator((_: unknown, context: ExecutionContext): Buyer => {
  const request = context.switchToHttp().getRequest<{ buyer?: Buyer }>();
  if (!request.buyer) throw new UnauthorizedException('missing bearer token');
  return request.buyer;
});
