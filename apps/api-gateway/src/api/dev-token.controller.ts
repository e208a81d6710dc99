import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, signToken } from '@eshop/auth';
import { ZodValidationPipe } from '@eshop/http-edge';
import { API_GATEWAY_CONFIG, type ApiGatewayConfig } from '../api-gateway.config';
import { devTokenSchema, type DevTokenRequest } from './dev-token.dto';

export const DEV_TOKEN_TTL_SECONDS = 12 * 3_600;

/**
 * `POST /api/auth/dev-token {userId, name}`: a token for a made-up buyer, so the system can
 * be tried without an identity provider. Registered only when AUTH_DEV_TOKENS=true; when
 * off, the route does not exist (404). Never enable it where real users are.
 */
@ApiExcludeController()
@Public()
@Controller('api/auth/dev-token')
export class DevTokenController {
  constructor(@Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig) {}

  @Post()
  @HttpCode(200)
  issue(@Body(new ZodValidationPipe(devTokenSchema)) body: DevTokenRequest) {
    const accessToken = signToken({ id: body.userId, name: body.name }, this.config.JWT_SECRET, {
      expiresInSeconds: DEV_TOKEN_TTL_SECONDS,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: DEV_TOKEN_TTL_SECONDS };
  }
}
