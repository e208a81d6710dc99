import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The request headers, so that a pipe can validate them (Nest's `@Headers()` takes none). */
export const RequestHeaders = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<{ headers: unknown }>().headers,
);
